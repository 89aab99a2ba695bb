import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackAccess } from '../../../adapters/slack/slack-access.ts';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import { type Stack, startStack } from '../../e2e/harness.ts';
import { blockActionsBody, eventCallbackBody, type SlackUser } from '../../helpers/slack-requests.ts';
import { type SocketModeStandIn, startSocketModeStandIn } from '../../helpers/slack-socket-mode-stand-in.ts';
import {
  ADMIN,
  APP_TOKEN,
  BOT_TOKEN,
  buttonsOf,
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

/** The e2e harness's ADMIN_CONFIG, with a user group bound by id (for subteam_members_changed). */
const CONFIG = `
rooms: { "9": Attic }
roles:
  viewer:    { allow: [status, rooms, who, help] }
  moderator: { includes: [viewer], allow: [broadcast, pm, room.add, room.edit] }
  admin:     { allow: ["*"] }
bindings:
  console: { role: admin }
  slack:
    users: { U0ADMIN: admin, U0OTHER: admin, U0VIEW: viewer }
    usergroups: { S0MODS: moderator }
`;

beforeAll(async () => {
  stack = await startStack(CONFIG);
  api = await startSlackWebApiStandIn();
  api.usergroups = [{ id: 'S0MODS', handle: 'chat-mods', users: ['U0MOD'] }];
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
    ...slackAccess(stack.config.bindings),
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

  it('a slash command envelope is acknowledged empty and answered through the response_url', async () => {
    const responseUrl = api.responseUrl();
    const before = broadcasts();
    const envelopeId = await socket.send('slash_commands', command('broadcast over the socket', responseUrl));
    // How soon is counted in `npm run test:stress`; here, that the acknowledgement does not wait
    // for the answer: it carries nothing, the answer comes through the response_url.
    await socket.waitForAck(envelopeId);
    expect(socket.ackPayloads.get(envelopeId) ?? {}).toEqual({});
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
    // A later envelope, answered: the redelivery before it has been dealt with by then.
    const laterUrl = api.responseUrl();
    await socket.send('slash_commands', command('broadcast after the retry', laterUrl));
    await api.waitForResponses(laterUrl);
    await stack.runtime.core.settled();
    expect(logs.join('\n')).toContain('a redelivered /chat from U0ADMIN was dropped (retry 1)');
    expect(api.responsesAt(responseUrl)).toEqual([]);
    expect(broadcasts()).toBe(before + 1);
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

/** The broadcasts the chat server carried out with this message. */
const broadcastsOf = (message: string) =>
  stack.emulator.acceptedCommands.filter(
    (entry) => entry.type === 'broadcast' && entry.params.msg === message,
  ).length;
const opens = () => api.callsTo('apps.connections.open').length;

/** A slash command over the socket, acknowledged and answered; resolves with its envelope and answer. */
async function runOverSocket(text: string, user: SlackUser = ADMIN) {
  const responseUrl = api.responseUrl();
  const envelopeId = await socket.send('slash_commands', {
    ...command(text, responseUrl),
    user_id: user.userId,
    user_name: user.userName ?? user.userId,
  });
  await socket.waitForAck(envelopeId);
  const [answer] = await api.waitForResponses(responseUrl);
  return { envelopeId, responseUrl, answer: answer ?? {} };
}

/**
 * Socket Mode's own framing of what HTTP mode posts: an interactive envelope carries the
 * block_actions payload, an events_api envelope the event callback (api.slack.com/apis/
 * connections/socket-implement, "Receiving events").
 */
const blockActionsPayload = (actionId: string, user: SlackUser, responseUrl: string) =>
  JSON.parse(
    new URLSearchParams(blockActionsBody(actionId, user, responseUrl)).get('payload') ?? '{}',
  ) as Record<string, unknown>;
const eventPayload = (event: Record<string, unknown>) =>
  JSON.parse(eventCallbackBody(event)) as Record<string, unknown>;

describe('Socket Mode across reconnects (Slack refreshes connections regularly)', () => {
  it('a dropped connection: the client asks apps.connections.open again and reconnects; a command acknowledged before the drop and one sent after it each run once', async () => {
    await socket.waitForConnections(1);
    const opensBefore = opens();
    const connectionsBefore = socket.connections;
    const before = await runOverSocket('broadcast acknowledged before the drop');

    socket.drop();
    // Sent by Slack while the app has no connection: it goes out on the next one.
    const afterUrl = api.responseUrl();
    const sending = socket.send('slash_commands', command('broadcast sent after the drop', afterUrl));
    await socket.waitForConnections(connectionsBefore + 1);
    const afterId = await sending;
    await socket.waitForAck(afterId);
    const [answer] = await api.waitForResponses(afterUrl);
    expect(messageText(answer ?? {})).toContain('Broadcast sent');

    expect(opens()).toBe(opensBefore + 1);
    // The last answer is in: everything before it is over. Each command ran, and was answered, once.
    await runOverSocket('status');
    expect(broadcastsOf('acknowledged before the drop')).toBe(1);
    expect(broadcastsOf('sent after the drop')).toBe(1);
    expect(api.responsesAt(before.responseUrl)).toHaveLength(1);
    expect(api.responsesAt(afterUrl)).toHaveLength(1);
    // Acknowledged, so never delivered again.
    expect(socket.sent.filter((envelope) => envelope.envelopeId === before.envelopeId)).toHaveLength(1);
  }, 30_000);

  it.each(['refresh_requested', 'warning'] as const)(
    "Slack's disconnect message (%s): the client reconnects; a command sent just before it runs once and is acknowledged",
    async (reason) => {
      await socket.waitForConnections(1);
      const opensBefore = opens();
      const connectionsBefore = socket.connections;
      const message = `sent just before ${reason}`;
      const responseUrl = api.responseUrl();
      const envelopeId = await socket.send('slash_commands', command(`broadcast ${message}`, responseUrl));
      socket.requestDisconnect(reason);

      await socket.waitForConnections(connectionsBefore + 1);
      expect(opens()).toBe(opensBefore + 1);
      // Acknowledged on the old connection, or, when its ack was cut off, on the redelivery.
      await socket.waitForAck(envelopeId);
      const [answer] = await api.waitForResponses(responseUrl);
      expect(messageText(answer ?? {})).toContain('Broadcast sent');

      // And the new connection serves: once it has answered, everything before is over.
      const after = await runOverSocket(`broadcast after ${reason}`);
      expect(messageText(after.answer)).toContain('Broadcast sent');
      expect(broadcastsOf(message)).toBe(1);
      expect(api.responsesAt(responseUrl)).toHaveLength(1);
      expect(broadcastsOf(`after ${reason}`)).toBe(1);
      // Either the ack got out before the old connection closed (one delivery), or it was cut off
      // (the client had begun closing) and Slack delivered the envelope again, acknowledged and
      // dropped as already run. On loopback it is usually cut off: both frames arrive together.
      const deliveries = socket.sent.filter((envelope) => envelope.envelopeId === envelopeId);
      if (deliveries.length === 2) {
        expect(deliveries.map((envelope) => envelope.retryAttempt)).toEqual([0, 1]);
        expect(logs.join('\n')).toMatch(
          /Slack: the acknowledgement of a \/chat command could not be sent \(.+\); it runs all the same, and Slack's redelivery of it will be dropped\./,
        );
        expect(logs.join('\n')).toContain(
          'was dropped (trigger already seen): it already ran or is running.',
        );
      } else expect(deliveries).toHaveLength(1);
    },
    30_000,
  );
});

describe('a button click and an event over Socket Mode', () => {
  it('interactive envelope (block_actions): Confirm deletes the room, once, and the envelope is acknowledged', async () => {
    const added = await runOverSocket('room add Doomed');
    const roomId = Number(/Room added: Doomed \((\d+)\)/.exec(messageText(added.answer))?.[1]);
    expect(stack.emulator.state.room('default', roomId)).toBeDefined();
    const prompt = await runOverSocket(`room delete ${roomId}`);
    const [confirm] = buttonsOf(prompt.answer);
    expect(confirm?.action_id).toMatch(/^fc:confirm:[^:\s]+$/);

    const deletions = () =>
      stack.emulator.acceptedCommands.filter((entry) => entry.type === 'del_room').length;
    const before = deletions();
    const clickUrl = api.responseUrl();
    const envelopeId = await socket.send(
      'interactive',
      blockActionsPayload(confirm?.action_id ?? '', ADMIN, clickUrl),
    );
    await socket.waitForAck(envelopeId);
    const answers = await api.waitForResponses(clickUrl, 2);
    expect(answers[0]).toEqual({ delete_original: true });
    expect(messageText(answers[1] ?? {})).toContain(`Room deleted: Doomed (${roomId})`);
    expect(deletions()).toBe(before + 1);
    expect(stack.emulator.state.room('default', roomId)).toBeUndefined();

    // The same click again (a new trigger): refused, nothing more deleted.
    const againUrl = api.responseUrl();
    await socket.send('interactive', blockActionsPayload(confirm?.action_id ?? '', ADMIN, againUrl));
    const [again] = await api.waitForResponses(againUrl);
    expect(messageText(again ?? {})).toContain('This confirmation was already answered or is unknown.');
    expect(deletions()).toBe(before + 1);
  }, 30_000);

  it("events_api envelope (subteam_members_changed): acknowledged, the group is read again, and the new member's role applies at once", async () => {
    const newcomer: SlackUser = { userId: 'U0NEW', userName: 'newt' };
    const denied = await runOverSocket('broadcast not a moderator yet', newcomer);
    expect(messageText(denied.answer)).toContain('Not allowed');
    api.usergroups.find((group) => group.id === 'S0MODS')?.users.push(newcomer.userId);

    const readsBefore = api.callsTo('usergroups.users.list').length;
    const envelopeId = await socket.send(
      'events_api',
      eventPayload({ type: 'subteam_members_changed', subteam_id: 'S0MODS', team_id: 'T1' }),
      { accepts_response_payload: false },
    );
    await socket.waitForAck(envelopeId);
    // Envelopes of one connection are handled in order: the command after the event sees the change.
    const allowed = await runOverSocket('broadcast now a moderator', newcomer);
    expect(messageText(allowed.answer)).toContain('Broadcast sent');
    expect(
      api
        .callsTo('usergroups.users.list')
        .slice(readsBefore)
        .map((call) => call.params.usergroup),
    ).toEqual(['S0MODS']);
    expect(broadcastsOf('not a moderator yet')).toBe(0);
    expect(broadcastsOf('now a moderator')).toBe(1);
  }, 30_000);

  it('no secret in the log across the reconnects', () => {
    for (const line of logs) for (const secret of SECRETS) expect(line).not.toContain(secret);
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
