import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import { ADMIN_CONFIG, type Stack, startStack } from '../../e2e/harness.ts';
import { BOT_TOKEN, SECRETS, SIGNING_SECRET } from '../../helpers/slack-test-app.ts';
import { type SlackWebApiStandIn, startSlackWebApiStandIn } from '../../helpers/slack-web-api-stand-in.ts';

let stack: Stack;
let api: SlackWebApiStandIn;
beforeAll(async () => {
  stack = await startStack(ADMIN_CONFIG);
  api = await startSlackWebApiStandIn();
});
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

function adapter(port: number, logs: string[] = []) {
  return createSlackAdapter({
    core: stack.runtime.core,
    credentials: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, port, apiUrl: api.apiUrl },
    log: (message) => logs.push(message),
    host: '127.0.0.1',
  });
}

describe('starting and stopping', () => {
  it('HTTP mode on port 0: the real port is known once started, and stop() closes it', async () => {
    const logs: string[] = [];
    const slack = adapter(0, logs);
    expect(slack.mode).toBe('http');
    expect(slack.listeningPort).toBeUndefined();
    await slack.start();
    const port = slack.listeningPort;
    expect(port).toBeGreaterThan(0);
    expect(logs).toContain(`Slack: listening for /slack/events on port ${port} of 127.0.0.1 (HTTP mode).`);
    expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST' })).status).toBe(401);
    await slack.stop();
    await expect(fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST' })).rejects.toThrow();
    await slack.stop();
  });

  it('a bot token Slack refuses fails the start with what to check, and no secret', async () => {
    api.script('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    const error = await adapter(0)
      .start()
      .catch((caught: unknown) => caught);
    expect(String(error)).toContain(
      'Slack: the bot token was not accepted (auth.test: Slack answered invalid_auth). Check SLACK_BOT_TOKEN',
    );
    for (const secret of SECRETS) expect(String(error)).not.toContain(secret);
  });

  it('a port already taken fails the start, naming the port', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      await expect(adapter(port).start()).rejects.toThrow(
        `Slack: cannot listen on port ${port} of 127.0.0.1`,
      );
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
