import { Agent, request } from 'node:http';
import { slackSignature } from '../../test/helpers/slack-requests.ts';
import { startSlackWebApiStandIn } from '../../test/helpers/slack-web-api-stand-in.ts';

/**
 * Slack's side of the Slack figures, in a process of its own as Slack is: the client that sends
 * signed requests and times each one to its whole answer, and the stand-in for the Web API and
 * the response_urls that receives the answers. An app's work after its ack is not counted against
 * the ack, and Slack's work (reading 200 answers in a burst) is not counted against the app.
 * node:http with kept-alive connections, as Slack keeps them, so the client's own jitter stays
 * out of the tail.
 */
export type SlackSideRequest =
  | { id: number; kind: 'post'; url: string; secret: string; contentType: string; bodies: string[] }
  /** Answers once at least `count` answers have reached the response_urls. */
  | { id: number; kind: 'responses'; count: number };

export type SlackSideAnswer =
  | { id: number; kind: 'post'; elapsedMs: number[]; statuses: number[] }
  | { id: number; kind: 'responses'; count: number };

export interface SlackSideReady {
  apiUrl: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function post(url: string, body: string, contentType: string, secret: string): Promise<[number, number]> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers = {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': slackSignature(secret, timestamp, body),
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const sent = request(url, { method: 'POST', headers, agent }, (response) => {
      response.resume();
      response.once('end', () => resolve([performance.now() - started, response.statusCode ?? 0]));
    });
    sent.once('error', reject);
    sent.end(body);
  });
}

const standIn = await startSlackWebApiStandIn();
const answer = (message: SlackSideAnswer) => process.send?.(message);
const whenResponses = (count: number, id: number) => {
  if (standIn.responses.length >= count) answer({ id, kind: 'responses', count: standIn.responses.length });
  else setTimeout(whenResponses, 1, count, id);
};

process.on('disconnect', () => {
  void standIn.close().finally(() => process.exit(0));
});
process.on('message', (message: SlackSideRequest) => {
  if (message.kind === 'responses') return whenResponses(message.count, message.id);
  void Promise.all(
    message.bodies.map((body) => post(message.url, body, message.contentType, message.secret)),
  ).then((answers) =>
    answer({
      id: message.id,
      kind: 'post',
      elapsedMs: answers.map(([elapsed]) => elapsed),
      statuses: answers.map(([, status]) => status),
    }),
  );
});
process.send?.({ apiUrl: standIn.apiUrl } satisfies SlackSideReady);
