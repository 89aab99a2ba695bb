import { createHmac, randomUUID } from 'node:crypto';
import { timedPost } from './timed-post.ts';

/**
 * Slack's side of a burst, in a process of its own so that the bot's event loop is the only one
 * measured: sends COUNT signed `/chat` slash commands at once to URL and prints, as one JSON
 * line, each request's HTTP status, the time to its acknowledgement, its text and response_url.
 *
 *   node --import tsx test/stress/burst-client.ts <events url> <signing secret> <response base> <count> <tag>
 *
 * Users U0LOAD0..U0LOAD7 take turns; three commands in four are broadcasts of a unique message.
 */

export interface BurstResult {
  status: number;
  ackMs: number;
  text: string;
  responseUrl: string;
  userId: string;
}

const [url, secret, responseBase, countText, tag] = process.argv.slice(2);
if (!url || !secret || !responseBase || !countText || !tag) {
  process.stderr.write('usage: burst-client <url> <signing secret> <response base> <count> <tag>\n');
  process.exit(2);
}

const sign = (timestamp: string, body: string) =>
  `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;

const results = await Promise.all(
  Array.from({ length: Number(countText) }, async (_, index): Promise<BurstResult> => {
    const userId = `U0LOAD${index % 8}`;
    const text = index % 4 === 3 ? 'status' : `broadcast ${tag} #${index} ${randomUUID()}`;
    const responseUrl = `${responseBase}/response/${tag}-${index}`;
    const body = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: 'T1',
      team_domain: 'test',
      channel_id: 'C0OPS',
      channel_name: 'ops',
      user_id: userId,
      user_name: `loader${index % 8}`,
      command: '/chat',
      text,
      api_app_id: 'A0FLASH',
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: `${Date.now()}.1000.${randomUUID().replaceAll('-', '')}`,
    }).toString();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const answer = await timedPost(
      url,
      {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': sign(timestamp, body),
      },
      body,
    );
    return { status: answer.status, ackMs: answer.ackMs, text, responseUrl, userId };
  }),
);
process.stdout.write(`${JSON.stringify(results)}\n`);
