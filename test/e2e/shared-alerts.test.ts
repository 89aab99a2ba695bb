import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestMeta } from '../../src/commands/attempt.ts';
import type { Runtime } from '../../src/runtime/create-runtime.ts';
import { kinds } from '../alerts/engine-fixture.ts';
import { RecordingSink } from '../alerts/recording-sink.ts';
import { waitFor, whenSettled } from '../alerts/wait.ts';
import { type SharedInstances, startSharedInstances } from '../helpers/shared-instances.ts';

/**
 * Two bot instances (two runtimes, each with its own folder) on one PostgreSQL and one chat
 * server, the alerts running on one of them (the leader): a mute typed on the other holds at the
 * leader's next evaluation, `/chat alerts` there shows the leader's state, an unmute there is
 * caught up by the leader, and a takeover neither repeats the alert nor loses the recovery.
 */

const PASSWORD = 'shared-alerts-pw-5521';
const CONFIG = `
roles:
  admin: { allow: ["*"] }
bindings:
  slack: { users: { U0ADMIN: admin } }
state: { store: postgres }
stats: { enabled: false }
alerts:
  probeInterval: 100ms
  staleAfter: off
  rules:
    - name: lobby-busy
      roomUsers: 2
      margin: 1
      rooms: [1]
      channels: { slack: C0ALERTS1 }
`;
const admin: RequestMeta = {
  identity: { platform: 'slack', userId: 'U0ADMIN', userName: 'ada', groupIds: [] },
  channel: 'C0OPS0001',
};

let shared: SharedInstances;

interface Instance {
  runtime: Runtime;
  log: string[];
}

async function instance(): Promise<Instance> {
  const log: string[] = [];
  const { runtime } = await shared.instance(CONFIG, {
    alertLog: (line) => log.push(line),
    statusPollIntervalMs: 50,
  });
  return { runtime, log };
}

beforeAll(async () => {
  shared = await startSharedInstances({
    name: 'shared-alerts',
    password: PASSWORD,
    rooms: [{ id: 1, name: 'Lobby', max: 100 }],
  });
});
afterAll(async () => {
  await shared?.close();
});

/** Waits until the engine has seen Lobby with `users` users, and posted what that implies. */
function lobbySeen(runtime: Runtime, users: number): Promise<void> {
  return whenSettled(runtime.alerts, `Lobby with ${users} users`, () => {
    const seen = runtime.alerts.lastObservation()?.roomUsers;
    return seen !== undefined && (seen.get(1) ?? 0) === users;
  });
}

describe('alerts with two instances on one PostgreSQL', () => {
  it('a mute typed on the other instance holds at once; an unmute there is caught up; a takeover posts the recovery only', async () => {
    const leader = await instance();
    const other = await instance();
    const leaderSink = new RecordingSink('slack');
    await leader.runtime.alerts.start([leaderSink]);

    const muted = await other.runtime.core.handleLine('alerts mute lobby-busy 1h', admin);
    expect(muted.title).toBe('Alert rule lobby-busy muted for 1 h');
    for (const user of ['ann', 'ben']) shared.emulator.state.join('default', 1, user);
    await lobbySeen(leader.runtime, 2);
    expect(leaderSink.posts).toEqual([]);
    expect(
      leader.log.some((line) =>
        line.startsWith('alerts: lobby-busy: Lobby (1) started while the rule is muted'),
      ),
    ).toBe(true);

    // The other instance shows the leader's state and the mute.
    const shown = await other.runtime.core.handleLine('alerts', admin);
    const line = shown.list?.items.find((item) => item.startsWith('lobby-busy'));
    expect(line).toMatch(
      /MUTED until \S+ by slack:U0ADMIN \(ada\) · ACTIVE: Lobby \(1\), 2\/100 users, since \S+ \(not announced yet\)$/,
    );

    // Unmuted there: the leader's next evaluation (a check every probe interval) catches up.
    const unmuted = await other.runtime.core.handleLine('alerts unmute lobby-busy', admin);
    expect(unmuted.title).toBe('Alert rule lobby-busy unmuted');
    await waitFor('the alert the mute held back', () => leaderSink.posts.length === 1);
    expect(leaderSink.titles()).toEqual(['Lobby (1) has 2 users (threshold 2)']);

    // The leader goes; the other takes over: no second alert, and the recovery comes from it.
    await leader.runtime.alerts.stop();
    const otherSink = new RecordingSink('slack');
    await other.runtime.alerts.start([otherSink]);
    await lobbySeen(other.runtime, 2);
    for (const user of ['ann', 'ben']) shared.emulator.state.leave('default', 1, user);
    await lobbySeen(other.runtime, 0);
    expect(kinds(otherSink)).toEqual(['recovery']);
    expect(kinds(leaderSink)).toEqual(['alert']);
    expect(await other.runtime.state.alerts.unfinishedPosts('default')).toEqual([]);
  });
});
