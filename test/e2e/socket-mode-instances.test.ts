import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateExpiringStore } from '../../adapters/shared/state-expiring-store.ts';
import { stateReplyPages } from '../../adapters/shared/state-reply-pages.ts';
import { slackAccess } from '../../adapters/slack/slack-access.ts';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import type { Runtime } from '../../src/runtime/create-runtime.ts';
import { type SharedInstances, startSharedInstances } from '../helpers/shared-instances.ts';
import { blockActionsBody, randomTriggerId } from '../helpers/slack-requests.ts';
import { type SocketModeStandIn, startSocketModeStandIn } from '../helpers/slack-socket-mode-stand-in.ts';
import {
  ADMIN,
  APP_TOKEN,
  BOT_TOKEN,
  buttonsOf,
  messageText,
  SECRETS,
  SIGNING_SECRET,
} from '../helpers/slack-test-app.ts';
import { type SlackWebApiStandIn, startSlackWebApiStandIn } from '../helpers/slack-web-api-stand-in.ts';

/**
 * Two bot instances in Socket Mode, as a team runs them for failover: two runtimes on their own
 * folders sharing one real PostgreSQL, each with the real Slack adapter holding its own Socket
 * Mode connection to the one Slack (the stand-in), both open at once. Slack gives each envelope
 * to one connection only and redelivers one left unacknowledged on another (see the stand-in for
 * where each rule comes from), so a command and its Confirm click, or a delivery and its
 * redelivery, may reach different instances: what must happen once happens once.
 *
 * Connection 1 is instance A's, connection 2 instance B's (each is started after the other has
 * connected); a dropped connection's instance reconnects on the next number.
 */

const PASSWORD = 'socket-instances-pw-5e2a91';
const CONFIG = `
roles:
  admin: { allow: ["*"] }
bindings:
  slack: { users: { U0ADMIN: admin } }
cooldowns: { broadcast: 1h }
state: { store: postgres }
stats: { enabled: false }
`;

interface Instance {
  runtime: Runtime;
  adapter: SlackAdapter;
  logs: string[];
}

let shared: SharedInstances;
let api: SlackWebApiStandIn;
let socket: SocketModeStandIn;
let a: Instance;
let b: Instance;

async function instance(): Promise<Instance> {
  const { runtime, config } = await shared.instance(CONFIG, { moreSecrets: SECRETS });
  const logs: string[] = [];
  // The stores as app/platforms.ts gives them: in the state store, so seen by every instance.
  const adapter = createSlackAdapter({
    core: runtime.core,
    credentials: {
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      apiUrl: api.apiUrl,
    },
    log: (line) => logs.push(line),
    seenTriggers: new StateExpiringStore<true>(runtime.state.entries, 'slack-triggers'),
    interactionStores: {
      pages: stateReplyPages(runtime.state.entries),
      promptOwners: new StateExpiringStore<string>(runtime.state.entries, 'prompt-owners'),
    },
    ...slackAccess(config.bindings),
  });
  return { runtime, adapter, logs };
}

beforeAll(async () => {
  shared = await startSharedInstances({
    name: 'socket-instances',
    password: PASSWORD,
    rooms: [
      { id: 1, name: 'Lobby', max: 100 },
      { id: 2, name: 'Doomed', max: 100 },
    ],
  });
  api = await startSlackWebApiStandIn();
  socket = await startSocketModeStandIn(api);
  a = await instance();
  await a.adapter.start();
  await socket.waitForConnections(1);
  b = await instance();
  await b.adapter.start();
  await socket.waitForConnections(2);
}, 30_000);
afterAll(async () => {
  await a?.adapter.stop();
  await b?.adapter.stop();
  await socket?.close();
  await api?.close();
  await shared?.close();
});

const command = (text: string, responseUrl: string, triggerId = randomTriggerId()) => ({
  token: 'deprecated',
  team_id: 'T1',
  channel_id: 'C0OPS',
  user_id: ADMIN.userId,
  user_name: ADMIN.userName,
  command: '/chat',
  text,
  response_url: responseUrl,
  trigger_id: triggerId,
});
/** Socket Mode's interactive envelope carries the block_actions payload HTTP mode posts as a form. */
const clickPayload = (actionId: string, responseUrl: string) =>
  JSON.parse(
    new URLSearchParams(blockActionsBody(actionId, ADMIN, responseUrl)).get('payload') ?? '{}',
  ) as Record<string, unknown>;
const received = (type: string) =>
  shared.emulator.acceptedCommands.filter((entry) => entry.type === type).length;
const deliveriesOf = (envelopeId: string) =>
  socket.sent
    .filter((envelope) => envelope.envelopeId === envelopeId)
    .map(({ connection, retryAttempt }) => ({ connection, retryAttempt }));

/** A slash command on one connection, acknowledged and answered; resolves with the answer. */
async function runOn(connection: number, text: string) {
  const responseUrl = api.responseUrl();
  const envelopeId = await socket.send('slash_commands', command(text, responseUrl), {}, { connection });
  await socket.waitForAck(envelopeId);
  const [answer] = await api.waitForResponses(responseUrl);
  return answer ?? {};
}

async function waitForLog(logs: string[], text: string): Promise<void> {
  for (let waited = 0; waited < 5000; waited += 10) {
    if (logs.some((line) => line.includes(text))) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no log line with "${text}"`);
}

describe('two instances, each with its own Socket Mode connection, one PostgreSQL', () => {
  it('both are connected at once: hello counts 1, then 2 open connections', () => {
    expect(a.runtime.state.kind).toBe('postgres');
    expect(socket.openConnections).toEqual([1, 2]);
    expect(socket.helloConnectionCounts).toEqual([1, 2]);
  });

  it('a room delete asked on connection 1 and confirmed on connection 2 runs once, and the prompt is replaced as for its owner', async () => {
    const prompt = await runOn(1, 'room delete Doomed');
    const [confirm] = buttonsOf(prompt);
    expect(confirm?.action_id).toMatch(/^fc:confirm:[^:\s]+$/);

    const clickUrl = api.responseUrl();
    const clickId = await socket.send(
      'interactive',
      clickPayload(confirm?.action_id ?? '', clickUrl),
      {},
      { connection: 2 },
    );
    await socket.waitForAck(clickId);
    const answers = await api.waitForResponses(clickUrl, 2);
    // Instance B knows the prompt was shown to ADMIN (the prompt owners are in the state store).
    expect(answers[0]).toEqual({ delete_original: true });
    expect(messageText(answers[1] ?? {})).toContain('Room deleted: Doomed (2)');
    expect(received('del_room')).toBe(1);

    // The same click again on connection 1 (a new trigger): already answered, nothing more deleted.
    const againUrl = api.responseUrl();
    await socket.send('interactive', clickPayload(confirm?.action_id ?? '', againUrl), {}, { connection: 1 });
    const [again] = await api.waitForResponses(againUrl);
    expect(messageText(again ?? {})).toContain('This confirmation was already answered or is unknown.');
    expect(received('del_room')).toBe(1);
  }, 30_000);

  it('the same slash command (one trigger_id) delivered on both connections runs once', async () => {
    const before = received('add_room');
    const responseUrl = api.responseUrl();
    const body = command('room add Once', responseUrl);
    const envelopeIds = await Promise.all(
      [1, 2].map((connection) => socket.send('slash_commands', body, {}, { connection })),
    );
    await Promise.all(envelopeIds.map((envelopeId) => socket.waitForAck(envelopeId)));
    const [answer] = await api.waitForResponses(responseUrl);
    expect(messageText(answer ?? {})).toContain('Room added: Once');
    // One instance ran it; the other logged the drop. Both are known once that line is in.
    const dropped = 'was dropped (trigger already seen)';
    await Promise.race([waitForLog(a.logs, dropped), waitForLog(b.logs, dropped)]);
    await Promise.all([a.runtime.core.settled(), b.runtime.core.settled()]);
    expect(received('add_room') - before).toBe(1);
    expect(api.responsesAt(responseUrl)).toHaveLength(1);
  }, 30_000);

  it('a cooldown taken through one connection holds through the other', async () => {
    const first = await runOn(1, 'broadcast cooled through connection 1');
    expect(messageText(first)).toContain('Broadcast sent');
    const second = await runOn(2, 'broadcast tried through connection 2');
    expect(messageText(second)).toContain('Please wait');
    expect(received('broadcast')).toBe(1);
  }, 30_000);

  it('an envelope on a connection dropped before its acknowledgement arrives is redelivered on the other, and runs at most once', async () => {
    // Its acknowledgement lost: instance A got it, acknowledged it and ran it; Slack, never having
    // the ack, redelivers it to B with retry_attempt 1, and B drops it, having seen its trigger
    // (it would drop it as a retry in any case: a retry never runs). It runs once.
    const before = received('add_room');
    const ackLostUrl = api.responseUrl();
    const ackLost = await socket.send(
      'slash_commands',
      command('room add AckLost', ackLostUrl),
      {},
      {
        connection: 1,
        dropConnection: 'on-ack',
      },
    );
    await socket.waitForAck(ackLost);
    expect(deliveriesOf(ackLost)).toEqual([
      { connection: 1, retryAttempt: 0 },
      { connection: 2, retryAttempt: 1 },
    ]);
    const [answer] = await api.waitForResponses(ackLostUrl);
    expect(messageText(answer ?? {})).toContain('Room added: AckLost');
    await waitForLog(b.logs, 'a redelivered /chat from U0ADMIN was dropped (trigger already seen)');

    // The envelope itself lost: B's connection goes down before it arrives; A (reconnected as
    // connection 3) gets it as retry 1 and drops it, as it drops every retry. It runs no time:
    // whether it ran before cannot be known, and running nothing is the safe mistake.
    await socket.waitForConnections(3);
    expect(socket.openConnections).toEqual([2, 3]);
    const lostUrl = api.responseUrl();
    const lost = await socket.send(
      'slash_commands',
      command('room add Lost', lostUrl),
      {},
      {
        connection: 2,
        dropConnection: 'before-delivery',
      },
    );
    await socket.waitForAck(lost);
    expect(deliveriesOf(lost)).toEqual([
      { connection: 2, retryAttempt: 0 },
      { connection: 3, retryAttempt: 1 },
    ]);
    await waitForLog(a.logs, 'a redelivered /chat from U0ADMIN was dropped (retry 1)');

    await Promise.all([a.runtime.core.settled(), b.runtime.core.settled()]);
    expect(received('add_room') - before).toBe(1);
    expect(api.responsesAt(ackLostUrl)).toHaveLength(1);
    expect(api.responsesAt(lostUrl)).toEqual([]);
  }, 30_000);

  it('no secret in either log', () => {
    for (const line of [...a.logs, ...b.logs])
      for (const secret of [...SECRETS, PASSWORD, shared.database.url]) expect(line).not.toContain(secret);
  });
});
