import { createHmac } from 'node:crypto';
import { timedPost } from './timed-post.ts';

/**
 * Slack's side of the load and fault runs' slash commands, in a process of its own as Slack is:
 * forked with an IPC channel (see slack-side.ts), it takes batches of form bodies, signs each as
 * Slack does and posts them all at once, and answers with each one's HTTP status and the time from
 * sending it to its whole answer read (./timed-post.ts). In its own process the test's client work (a thousand
 * fetches) is not counted against the bot's 3 s, and the bot's event loop is the only one measured
 * (as ack-deadline.stress.ts does with burst-client.ts).
 */

export interface SlackSideBatch {
  id: number;
  url: string;
  secret: string;
  contentType: string;
  bodies: string[];
}

export interface SlackSideAck {
  status: number;
  ackMs: number;
}

export type SlackSideMessage =
  | { ready: true }
  | { id: number; acks: SlackSideAck[] }
  | { id: number; error: string };

const send = (message: SlackSideMessage) => process.send?.(message);

async function post(batch: SlackSideBatch, body: string): Promise<SlackSideAck> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', batch.secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const answer = await timedPost(
    batch.url,
    {
      'content-type': batch.contentType,
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature,
    },
    body,
  );
  return { status: answer.status, ackMs: answer.ackMs };
}

process.on('message', (batch: SlackSideBatch) => {
  Promise.all(batch.bodies.map((body) => post(batch, body))).then(
    (acks) => send({ id: batch.id, acks }),
    (error: unknown) => send({ id: batch.id, error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
send({ ready: true });
