import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import { ADMIN_CONFIG, type Stack, startStack } from '../../e2e/harness.ts';
import { type SocketModeStandIn, startSocketModeStandIn } from '../../helpers/slack-socket-mode-stand-in.ts';
import {
  ADMIN,
  APP_TOKEN,
  BOT_TOKEN,
  messageText,
  SECRETS,
  SIGNING_SECRET,
} from '../../helpers/slack-test-app.ts';
import { type SlackWebApiStandIn, startSlackWebApiStandIn } from '../../helpers/slack-web-api-stand-in.ts';

let stack: Stack;
let api: SlackWebApiStandIn;
let socket: SocketModeStandIn;
let adapter: SlackAdapter;
const logs: string[] = [];

beforeAll(async () => {
  stack = await startStack(ADMIN_CONFIG);
  api = await startSlackWebApiStandIn();
  socket = await startSocketModeStandIn(api);
  adapter = createSlackAdapter({
    core: stack.runtime.core,
    credentials: {
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      apiUrl: api.apiUrl,
    },
    log: (message) => logs.push(message),
  });
  await adapter.start();
});
afterAll(async () => {
  await adapter?.stop();
  await socket?.close();
  await api?.close();
  await stack?.close();
});

const command = (text: string, responseUrl: string) => ({
  token: 'deprecated',
  team_id: 'T1',
  channel_id: 'C0OPS',
  user_id: ADMIN.userId,
  user_name: ADMIN.userName,
  command: '/chat',
  text,
  response_url: responseUrl,
  trigger_id: `${Date.now()}.1.${Math.random().toString(16).slice(2)}`,
});
const broadcasts = () => stack.emulator.acceptedCommands.filter((entry) => entry.type === 'broadcast').length;

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  it('connects with the app-level token through apps.connections.open, and opens no port', async () => {
    expect(adapter.mode).toBe('socket');
    expect(adapter.listeningPort).toBeUndefined();
    await socket.connected;
    expect(api.callsTo('apps.connections.open').at(-1)?.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(api.callsTo('auth.test').at(-1)?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });

  it('a slash command envelope is acknowledged at once and answered through the response_url', async () => {
    const responseUrl = api.responseUrl();
    const before = broadcasts();
    const envelopeId = await socket.send('slash_commands', command('broadcast over the socket', responseUrl));
    expect(await socket.waitForAck(envelopeId)).toBeLessThan(1500);
    const [answer] = await api.waitForResponses(responseUrl);
    expect(answer?.response_type).toBe('in_channel');
    expect(messageText(answer ?? {})).toContain('Broadcast sent');
    expect(broadcasts()).toBe(before + 1);
  });

  it('a redelivered envelope (retry_attempt) is acknowledged and dropped', async () => {
    const responseUrl = api.responseUrl();
    const before = broadcasts();
    const envelopeId = await socket.send('slash_commands', command('broadcast retried', responseUrl), {
      retry_attempt: 1,
      retry_reason: 'timeout',
    });
    await socket.waitForAck(envelopeId);
    await sleep(200);
    expect(api.responsesAt(responseUrl)).toEqual([]);
    expect(broadcasts()).toBe(before);
  });

  it('a slash command from another workspace is refused in the acknowledgement, and runs nothing', async () => {
    const responseUrl = api.responseUrl();
    const before = broadcasts();
    const envelopeId = await socket.send('slash_commands', {
      ...command('broadcast from elsewhere', responseUrl),
      team_id: 'T0EVIL',
    });
    await socket.waitForAck(envelopeId);
    expect(socket.ackPayloads.get(envelopeId)).toEqual({
      response_type: 'ephemeral',
      text: 'This bot does not serve this Slack workspace: nothing was run.',
    });
    expect(
      logs.some((line) => line.startsWith('Slack: refused a /chat command from U0ADMIN: team T0EVIL')),
    ).toBe(true);
    // A command from the bot's own workspace after it is answered: the refused one reached nothing.
    const ownUrl = api.responseUrl();
    await socket.send('slash_commands', command('status', ownUrl));
    await api.waitForResponses(ownUrl);
    expect(api.responsesAt(responseUrl)).toEqual([]);
    expect(broadcasts()).toBe(before);
  });

  it('no secret in the log', () => {
    for (const line of logs) for (const secret of SECRETS) expect(line).not.toContain(secret);
    expect(logs).toContain('Slack: connected in Socket Mode.');
  });
});

describe('Socket Mode with an app-level token Slack refuses', () => {
  it('fails the start with what to check, and no secret', async () => {
    const refusing = await startSlackWebApiStandIn();
    refusing.answer('apps.connections.open', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    const failing = createSlackAdapter({
      core: stack.runtime.core,
      credentials: {
        signingSecret: SIGNING_SECRET,
        botToken: BOT_TOKEN,
        appToken: APP_TOKEN,
        apiUrl: refusing.apiUrl,
      },
      log: () => {},
    });
    const error = await failing.start().catch((caught: unknown) => caught);
    expect(String(error)).toContain(
      'Slack: Socket Mode could not connect (Slack answered invalid_auth). Check SLACK_APP_TOKEN',
    );
    for (const secret of SECRETS) expect(String(error)).not.toContain(secret);
    await failing.stop();
    await refusing.close();
  });
});
