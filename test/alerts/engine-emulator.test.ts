import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestMeta } from '../../src/commands/attempt.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { API_PASSWORD, type Stack, startStack } from '../e2e/harness.ts';
import { auditChainLines } from '../helpers/audit-chain.ts';
import { kinds } from './engine-fixture.ts';
import { RecordingSink } from './recording-sink.ts';
import { waitFor, whenSettled } from './wait.ts';

/**
 * The product on loopback, as the app runs it: the emulator, the configuration parsed as at
 * start-up, the runtime, and its alert engine started with a Slack and a Discord sink.
 */

const ROOMS = [
  { id: 1, name: 'Lobby', max: 100 },
  { id: 2, name: 'Music', max: 10 },
  { id: 3, name: 'Help Desk', max: 10 },
];
const DISCORD_CHANNEL = '112233445566778899';

function configWith(rules: string): string {
  return `
roles:
  admin: { allow: ["*"] }
  watcher: { allow: [alerts] }
bindings:
  console: { role: admin }
  slack: { users: { U0ADMIN: admin, U0WATCH: watcher } }
alerts:
  probeInterval: 100ms
  staleAfter: off
  rules:
${rules}
`;
}

const admin: RequestMeta = {
  identity: { platform: 'slack', userId: 'U0ADMIN', userName: 'ada', groupIds: [] },
  channel: 'C0OPS0001',
};
const watcher: RequestMeta = { identity: { platform: 'slack', userId: 'U0WATCH', groupIds: [] } };

interface Running {
  stack: Stack;
  slack: RecordingSink;
  discord: RecordingSink;
  /** Waits until the engine has seen room `roomId` with `users` users, and has posted what that implies. */
  roomSeen(roomId: number, users: number): Promise<void>;
  onlineSeen(
    check: (counts: { connections: number; loggedIn: number; rooms: number }) => boolean,
  ): Promise<void>;
}

const stacks: Stack[] = [];
const extraEmulators: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(extraEmulators.splice(0).map((emulator) => emulator.stop()));
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
});

async function runFrom(rules: string, source: 'files' | 'dataApi' = 'files'): Promise<Running> {
  const stack = await startStack(configWith(rules), ROOMS, undefined, undefined, source);
  stacks.push(stack);
  const slack = new RecordingSink('slack');
  const discord = new RecordingSink('discord');
  const engine = stack.runtime.alerts;
  await engine.start([slack, discord]);
  return {
    stack,
    slack,
    discord,
    async roomSeen(roomId, users) {
      await stack.emulator.statusFilesWritten();
      await whenSettled(engine, `room ${roomId} with ${users} users`, () => {
        const seen = engine.lastObservation()?.roomUsers;
        return seen !== undefined && (seen.get(roomId) ?? 0) === users;
      });
    },
    async onlineSeen(check) {
      await stack.emulator.statusFilesWritten();
      await whenSettled(engine, 'online.txt', () => {
        const online = engine.lastObservation()?.online;
        return online?.status === 'ok' && check(online.counts);
      });
    },
  };
}

// Every rule and serverDown, from either status source: the status files, or the Data API alone.
describe.each(['files', 'dataApi'] as const)('from %s', (source) => {
  const run = (rules: string) => runFrom(rules, source);

  describe('each rule, driven by the emulator: fires once at its threshold and recovers once', () => {
    it('roomUsers, limited to a room named in the rule', async () => {
      const t = await run(
        `    - { name: lobby-busy, roomUsers: 5, margin: 2, rooms: [Lobby], channels: { slack: C0LOBBY01 } }`,
      );
      const { state } = t.stack.emulator;
      // Music is not watched.
      for (let index = 1; index <= 6; index += 1) state.join('default', 2, `listener${index}`);
      await t.roomSeen(2, 6);
      for (let index = 1; index <= 4; index += 1) state.join('default', 1, `guest${index}`);
      await t.roomSeen(1, 4);
      expect(t.slack.posts).toHaveLength(0);

      state.join('default', 1, 'guest5');
      await t.roomSeen(1, 5);
      expect(t.slack.titles()).toEqual(['Lobby (1) has 5 users (threshold 5)']);
      expect(t.slack.posts[0]?.channelId).toBe('C0LOBBY01');
      expect(t.slack.posts[0]?.reply.fields?.slice(0, 2)).toEqual([
        { label: 'Room', value: 'Lobby (1)' },
        { label: 'Users', value: '5/100' },
      ]);

      state.join('default', 1, 'guest6');
      await t.roomSeen(1, 6);
      for (const [guest, left] of [
        ['guest6', 5],
        ['guest5', 4],
        ['guest4', 3],
      ] as const) {
        state.leave('default', 1, guest);
        await t.roomSeen(1, left);
      }
      expect(kinds(t.slack)).toEqual(['alert']);
      state.leave('default', 1, 'guest3');
      await t.roomSeen(1, 2);
      expect(kinds(t.slack)).toEqual(['alert', 'recovery']);
      expect(t.discord.posts).toHaveLength(0);
    });

    it('roomPercent, with the capacity from the Data API, into Discord', async () => {
      const t = await run(
        `    - { name: music-full, roomPercent: 50, margin: 10, rooms: [2], channels: { discord: "${DISCORD_CHANNEL}" } }`,
      );
      const { state } = t.stack.emulator;
      for (let index = 1; index <= 4; index += 1) state.join('default', 2, `fan${index}`);
      await t.roomSeen(2, 4);
      expect(t.discord.posts).toHaveLength(0);
      state.join('default', 2, 'fan5');
      await t.roomSeen(2, 5);
      expect(t.discord.titles()).toEqual(['Music (2) is 50% full (threshold 50%)']);
      expect(t.discord.posts[0]?.channelId).toBe(DISCORD_CHANNEL);
      expect(t.discord.posts[0]?.reply.fields?.[1]).toEqual({ label: 'Users', value: '5/10' });
      state.leave('default', 2, 'fan5');
      await t.roomSeen(2, 4);
      expect(kinds(t.discord)).toEqual(['alert']);
      state.disconnect('default', 'fan4');
      await t.roomSeen(2, 3);
      expect(kinds(t.discord)).toEqual(['alert', 'recovery']);
      expect(t.discord.titles()[1]).toBe('Music (2) is 30% full: back below 40%');
    });

    it('loggedIn', async () => {
      const t = await run(`    - { name: crowd, loggedIn: 8, margin: 3, channels: { slack: C0CROWD01 } }`);
      const { state } = t.stack.emulator;
      for (let index = 1; index <= 7; index += 1) state.connect('default', `user${index}`);
      await t.onlineSeen((counts) => counts.loggedIn === 7);
      expect(t.slack.posts).toHaveLength(0);
      state.connect('default', 'user8');
      await t.onlineSeen((counts) => counts.loggedIn === 8);
      expect(t.slack.titles()).toEqual(['8 users logged in (group default) (threshold 8)']);
      for (const user of ['user8', 'user7', 'user6']) state.disconnect('default', user);
      await t.onlineSeen((counts) => counts.loggedIn === 5);
      expect(kinds(t.slack)).toEqual(['alert']);
      state.disconnect('default', 'user5');
      await t.onlineSeen((counts) => counts.loggedIn === 4);
      expect(kinds(t.slack)).toEqual(['alert', 'recovery']);
    });

    it('connections', async () => {
      const t = await run(
        `    - { name: sockets, connections: 12, margin: 4, channels: { slack: C0SOCKET1 } }`,
      );
      const { state } = t.stack.emulator;
      const ids = Array.from({ length: 11 }, () => state.connect('default'));
      await t.onlineSeen((counts) => counts.connections === 11);
      expect(t.slack.posts).toHaveLength(0);
      ids.push(state.connect('default'));
      await t.onlineSeen((counts) => counts.connections === 12);
      expect(kinds(t.slack)).toEqual(['alert']);
      for (const id of ids.splice(0, 4)) state.disconnect('default', id);
      await t.onlineSeen((counts) => counts.connections === 8);
      expect(kinds(t.slack)).toEqual(['alert']);
      for (const id of ids.splice(0, 1)) state.disconnect('default', id);
      await t.onlineSeen((counts) => counts.connections === 7);
      expect(kinds(t.slack)).toEqual(['alert', 'recovery']);
    });
  });

  describe('serverDown against the emulator', () => {
    const downRule = `    - { name: server-down, serverDown: true, channels: { slack: C0DOWN001, discord: "${DISCORD_CHANNEL}" } }`;

    it('the server killed and restarted on the same port: one down alert, one recovery', async () => {
      const t = await run(downRule);
      const { emulator, folder } = t.stack;
      const port = emulator.serverApiPort;
      await emulator.stop();
      await waitFor('the down alert', () => t.slack.posts.length === 1 && t.discord.posts.length === 1);
      expect(t.slack.posts[0]?.reply).toMatchObject({
        title: 'Chat server down (group default)',
        severity: 'error',
      });
      expect(t.slack.posts[0]?.reply.text).toBe(
        `The Server API is unreachable: cannot connect to 127.0.0.1:${port}: connection refused.`,
      );

      const restarted = await startEmulator({
        port,
        httpPort: 0,
        dataDir: join(folder, 'data'),
        password: API_PASSWORD,
        rooms: ROOMS,
      });
      extraEmulators.push(restarted);
      await waitFor('the recovery', () => t.slack.posts.length === 2 && t.discord.posts.length === 2);
      // A few more probes evaluated (each answer is a new object in what the engine last saw):
      // nothing more is posted.
      const engine = t.stack.runtime.alerts;
      const answers = new Set([engine.lastObservation()?.probe]);
      await waitFor('three more probe answers evaluated', () => {
        answers.add(engine.lastObservation()?.probe);
        return answers.size >= 4;
      });
      expect([...answers].every((answer) => answer?.reachable === true)).toBe(true);
      await engine.settled();
      expect(kinds(t.slack)).toEqual(['alert', 'recovery']);
      expect(kinds(t.discord)).toEqual(['alert', 'recovery']);
      expect(t.slack.titles()[1]).toBe('Chat server back up (group default)');
      // The probe sent no command: the restarted server was asked nothing.
      expect(restarted.acceptedCommands).toHaveLength(0);
      expect(restarted.refusedCommands).toHaveLength(0);
    });

    it('the group stopped with /chat group stop, then started: one down alert, one recovery', async () => {
      const t = await run(downRule);
      const { core } = t.stack.runtime;
      const prompt = await core.handleLine('group stop', admin);
      const id = prompt.confirmation?.id;
      if (id === undefined) throw new Error(`no confirmation: ${prompt.title}`);
      await core.answerConfirmation(id, 'confirm', admin);
      await t.onlineSeen((counts) => counts.rooms === 0);
      expect(kinds(t.slack)).toEqual(['alert']);
      expect(t.slack.posts[0]?.reply.text).toBe(
        `The group is stopped: ${source === 'files' ? 'online.txt' : 'online.xml'} shows 0 rooms.`,
      );
      await core.handleLine('group start', admin);
      await t.onlineSeen((counts) => counts.rooms === 3);
      expect(kinds(t.slack)).toEqual(['alert', 'recovery']);
      expect(kinds(t.discord)).toEqual(['alert', 'recovery']);
    });
  });
});

describe('/chat alerts, mute and unmute through the command core', () => {
  const run = (rules: string) => runFrom(rules);

  const rules = `    - { name: lobby-busy, roomUsers: 5, margin: 2, rooms: [1, "Help Desk"], channels: { slack: C0LOBBY01 } }
    - { name: server-down, serverDown: true, channels: { discord: "${DISCORD_CHANNEL}" } }`;

  it('a muted rule tracks its rooms but posts nothing; unmuted, it catches up; both are audited', async () => {
    const t = await run(rules);
    const { core } = t.stack.runtime;
    const muted = await core.handleLine('alerts mute lobby-busy 30m', admin);
    expect(muted).toMatchObject({
      title: 'Alert rule lobby-busy muted for 30 min',
      severity: 'success',
      visibility: 'channel',
    });

    for (let index = 1; index <= 5; index += 1) t.stack.emulator.state.join('default', 1, `guest${index}`);
    await t.roomSeen(1, 5);
    expect(t.slack.posts).toHaveLength(0);

    const listing = await core.handleLine('alerts', watcher);
    expect(listing.title).toBe('Alert rules: 2, 1 condition active');
    const [lobbyLine, downLine] = listing.list?.items ?? [];
    expect(lobbyLine).toMatch(
      /^lobby-busy · roomUsers ≥ 5 \(clears below 3\) · rooms 1, Help Desk · to slack C0LOBBY01 · cooldown 10 min · MUTED until \S+Z by slack:U0ADMIN \(ada\) · ACTIVE: Lobby \(1\), 5\/100 users, since \S+Z \(not announced yet\)$/,
    );
    expect(downLine).toBe(
      `server-down · serverDown (Server API unreachable, stale status files or group stopped) · to discord ${DISCORD_CHANNEL} · cooldown 10 min · clear`,
    );

    const unmuted = await core.handleLine('alerts unmute lobby-busy', admin);
    expect(unmuted.title).toBe('Alert rule lobby-busy unmuted');
    await t.stack.runtime.alerts.settled();
    expect(t.slack.titles()).toEqual(['Lobby (1) has 5 users (threshold 5)']);
    expect((await core.handleLine('alerts unmute lobby-busy', admin)).title).toBe(
      'Alert rule lobby-busy was not muted',
    );

    const entries = await alertAuditEntries(t, 4);
    expect(
      entries.map((entry) => [entry.operation, entry.parameters, entry.decision, entry.outcome]),
    ).toEqual([
      ['alerts.mute', { rule: 'lobby-busy', duration: '30m' }, 'allowed', 'ok'],
      ['alerts', {}, 'allowed', 'ok'],
      ['alerts.unmute', { rule: 'lobby-busy' }, 'allowed', 'ok'],
      ['alerts.unmute', { rule: 'lobby-busy' }, 'allowed', 'ok'],
    ]);
  });

  it('refuses who may only look, an unknown rule and a bad duration; all audited', async () => {
    const t = await run(rules);
    const { core } = t.stack.runtime;
    const denied = await core.handleLine('alerts mute lobby-busy 30m', watcher);
    expect(denied.title).toBe('Not allowed');
    const unknown = await core.handleLine('alerts mute lobby-bsy 30m', admin);
    expect(unknown).toMatchObject({
      title: 'Cannot run /chat alerts mute',
      text: 'There is no alert rule "lobby-bsy" (did you mean "lobby-busy"?). The rules: lobby-busy, server-down.',
      severity: 'error',
    });
    const badDuration = await core.handleLine('alerts mute lobby-busy soon', admin);
    expect(badDuration.text).toBe(
      'Duration must be a duration such as 30m, 2h or 1d, above 0 and at most 30d.\nUsage: /chat alerts mute <rule> <duration>',
    );
    expect((await core.handleLine('alerts mute lobby-busy', admin)).text).toBe(
      'Missing <duration>.\nUsage: /chat alerts mute <rule> <duration>',
    );
    await t.stack.runtime.alerts.settled();
    const entries = await alertAuditEntries(t, 4);
    expect(entries.map((entry) => [entry.operation, entry.decision, entry.outcome])).toEqual([
      ['alerts.mute', 'denied', 'not_run'],
      ['alerts.mute', 'allowed', 'failed'],
      ['alerts.mute', 'invalid', 'not_run'],
      ['alerts.mute', 'invalid', 'not_run'],
    ]);
    // Nothing was muted.
    const overview = await t.stack.runtime.alerts.overview();
    expect(overview.rules.map((rule) => rule.mute)).toEqual([undefined, undefined]);
  });

  it('a mute survives a restart of the bot (it is in the state store)', async () => {
    const t = await run(rules);
    await t.stack.runtime.core.handleLine('alerts mute server-down 2h', admin);
    const [saved] = await t.stack.runtime.state.alerts.mutes('default');
    expect(saved?.rule).toBe('server-down');
    expect(saved?.by).toBe('slack:U0ADMIN (ada)');
    expect(saved?.until).toBeGreaterThan(Date.now() + 7_000_000);
  });
});

/** The audit entries of the alert operations, once there are `count` of them (appends may land a moment after the reply). */
async function alertAuditEntries(t: Running, count: number): Promise<Array<Record<string, unknown>>> {
  const deadline = performance.now() + 3000;
  for (;;) {
    const entries = (await auditChainLines(t.stack.runtime))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => String(entry.operation).startsWith('alerts'));
    if (entries.length >= count || performance.now() > deadline) return entries;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
