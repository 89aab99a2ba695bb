import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempFolders } from '../status/temp-folder.ts';
import {
  type EngineUnderTest,
  HELP_DESK,
  kinds,
  LOBBY,
  rule,
  ScriptedProbe,
  useEngines,
} from './engine-fixture.ts';
import { RecordingSink } from './recording-sink.ts';
import { StatusFiles } from './status-files.ts';
import { waitFor } from './wait.ts';

/** The engine driven by direct writes to real status files in a temp folder. */

const { startEngine, startEngineOn } = useEngines();
const newFolder = useTempFolders();

function stateDirOf(t: EngineUnderTest): string {
  if (t.stateDir === undefined) throw new Error('the engine has no state folder');
  return t.stateDir;
}

const lobbyBusy = rule({ name: 'lobby-busy', condition: { kind: 'roomUsers', threshold: 50 }, margin: 5 });

describe('roomUsers: fires once at its threshold, recovers once below threshold - margin', () => {
  it('follows room_1.txt up and down', async () => {
    const t = await startEngine({ rules: [lobbyBusy], rooms: [LOBBY] });
    for (const users of [48, 49]) {
      await t.files.room(1, users);
      await t.observedRoom(1, users);
    }
    expect(t.sink.posts).toHaveLength(0);

    await t.files.room(1, 50);
    await t.observedRoom(1, 50);
    expect(kinds(t.sink)).toEqual(['alert']);
    const [alert] = t.sink.posts;
    expect(alert?.channelId).toBe('C0ALERTS1');
    expect(alert?.reply).toMatchObject({
      title: 'Lobby (1) has 50 users (threshold 50)',
      text: 'Alert rule lobby-busy: the users in the room reached 50. It clears below 45.',
      severity: 'warning',
      visibility: 'channel',
    });
    expect(alert?.reply.fields).toEqual([
      { label: 'Room', value: 'Lobby (1)' },
      { label: 'Users', value: '50/100' },
      { label: 'For', value: 'just started' },
      { label: 'Rule', value: 'lobby-busy' },
    ]);

    for (const users of [52, 46, 45]) {
      await t.files.room(1, users);
      await t.observedRoom(1, users);
    }
    expect(kinds(t.sink)).toEqual(['alert']);

    await t.files.room(1, 44);
    await t.observedRoom(1, 44);
    expect(kinds(t.sink)).toEqual(['alert', 'recovery']);
    expect(t.sink.posts[1]?.reply).toMatchObject({
      title: 'Lobby (1) has 44 users: back below 45',
      text: 'Alert rule lobby-busy has cleared: the users in the room fell below 45.',
      severity: 'success',
    });
    expect(t.sink.posts[1]?.reply.fields?.[2]?.label).toBe('Lasted');
    expect(t.log.filter((line) => line.startsWith('alerts: sent to slack C0ALERTS1'))).toEqual([
      'alerts: sent to slack C0ALERTS1: lobby-busy alert for Lobby (1)',
      'alerts: sent to slack C0ALERTS1: lobby-busy recovery for Lobby (1)',
    ]);
  });

  it('works the same on the polling fallback', async () => {
    const t = await startEngine({ rules: [lobbyBusy], rooms: [LOBBY], watchMode: 'poll' });
    expect(t.log.filter((line) => line.startsWith('alerts: status watch'))).toEqual([]);
    for (const users of [49, 50, 44]) {
      await t.files.room(1, users);
      await t.observedRoom(1, users);
    }
    expect(kinds(t.sink)).toEqual(['alert', 'recovery']);
  });

  it('watches only the rooms it names, by id or by name; a deleted room file clears', async () => {
    const helpDeskOnly = rule({
      name: 'help-desk',
      condition: { kind: 'roomUsers', threshold: 5 },
      margin: 1,
      rooms: ['help desk', 7],
    });
    const t = await startEngine({ rules: [helpDeskOnly], rooms: [LOBBY, HELP_DESK] });
    await t.files.room(1, 9);
    await t.observedRoom(1, 9);
    expect(t.sink.posts).toHaveLength(0);
    await t.files.room(3, 5);
    await t.observedRoom(3, 5);
    expect(t.sink.titles()).toEqual(['Help Desk (3) has 5 users (threshold 5)']);
    await t.files.room(7, 6);
    await t.observedRoom(7, 6);
    expect(t.sink.titles().at(-1)).toBe('room 7 has 6 users (threshold 5)');
    // The room is deleted: its file goes, and nobody is in it any more.
    await rm(`${t.files.folder}/room_7.txt`);
    await t.observedRoom(7, 0);
    expect(kinds(t.sink)).toEqual(['alert', 'alert', 'recovery']);
    expect(t.sink.titles().at(-1)).toBe('room 7 has 0 users: back below 4');
    expect((await t.engine.overview()).rules[0]?.unresolvedRooms).toEqual([]);
  });
});

describe('roomPercent: the fill level against the capacity', () => {
  it('uses the configured capacity when the directory gives none', async () => {
    const full = rule({ name: 'music-full', condition: { kind: 'roomPercent', threshold: 50 }, margin: 10 });
    const t = await startEngine({ rules: [full], capacities: new Map([[2, 20]]) });
    await t.files.room(2, 9);
    await t.observedRoom(2, 9);
    expect(t.sink.posts).toHaveLength(0);
    await t.files.room(2, 10);
    await t.observedRoom(2, 10);
    expect(t.sink.titles()).toEqual(['room 2 is 50% full (threshold 50%)']);
    expect(t.sink.posts[0]?.reply.fields?.[1]).toEqual({ label: 'Users', value: '10/20' });
    await t.files.room(2, 8); // 40%: not below 40
    await t.observedRoom(2, 8);
    await t.files.room(2, 7); // 35%
    await t.observedRoom(2, 7);
    expect(kinds(t.sink)).toEqual(['alert', 'recovery']);
    expect(t.sink.titles()[1]).toBe('room 2 is 35% full: back below 40%');
  });

  it('says nothing about a room whose capacity nobody knows', async () => {
    const full = rule({ name: 'full', condition: { kind: 'roomPercent', threshold: 50 } });
    const t = await startEngine({ rules: [full], capacities: new Map([[2, 20]]) });
    await t.files.room(5, 500);
    await t.observedRoom(5, 500);
    expect(t.sink.posts).toHaveLength(0);
  });
});

describe('loggedIn and connections: the counts in online.txt', () => {
  it('loggedIn fires at 100 and clears below 90', async () => {
    const crowd = rule({ name: 'crowd', condition: { kind: 'loggedIn', threshold: 100 } });
    const t = await startEngine({ rules: [crowd] });
    await t.files.online(150, 99, 4);
    await t.observedOnline(150, 99, 4);
    expect(t.sink.posts).toHaveLength(0);
    await t.files.online(150, 100, 4);
    await t.observedOnline(150, 100, 4);
    expect(t.sink.titles()).toEqual(['100 users logged in (group default) (threshold 100)']);
    await t.files.online(150, 90, 4);
    await t.observedOnline(150, 90, 4);
    await t.files.online(150, 89, 4);
    await t.observedOnline(150, 89, 4);
    expect(kinds(t.sink)).toEqual(['alert', 'recovery']);
  });

  it('connections fires at 800 and clears below 790 with a margin of 10', async () => {
    const sockets = rule({ name: 'sockets', condition: { kind: 'connections', threshold: 800 }, margin: 10 });
    const t = await startEngine({ rules: [sockets] });
    for (const connections of [799, 800, 801, 790, 789]) {
      await t.files.online(connections, 10, 4);
      await t.observedOnline(connections, 10, 4);
    }
    expect(kinds(t.sink)).toEqual(['alert', 'recovery']);
    expect(t.sink.posts[0]?.reply.fields?.slice(0, 2)).toEqual([
      { label: 'Group', value: 'default' },
      { label: 'Connections', value: '800' },
    ]);
  });
});

describe('serverDown', () => {
  const down = rule({ name: 'server-down', condition: { kind: 'serverDown' } });

  it('stale: status files older than staleAfter, then fresh again', async () => {
    const t = await startEngine({ rules: [down], staleAfterMs: 400 });
    await t.files.room(1, 3);
    await t.observedRoom(1, 3);
    expect(t.sink.posts).toHaveLength(0);
    // Nothing is written: the files grow old.
    await waitFor('the stale alert', () => t.sink.posts.length === 1);
    expect(t.sink.posts[0]?.reply).toMatchObject({
      title: 'Chat server down (group default)',
      severity: 'error',
    });
    expect(t.sink.posts[0]?.reply.text).toMatch(/^The status files have not changed for \d+ (ms|s)\.$/);
    await t.files.online(2, 2, 1);
    await waitFor('the recovery', () => t.sink.posts.length === 2);
    expect(t.sink.titles()).toEqual([
      'Chat server down (group default)',
      'Chat server back up (group default)',
    ]);
    // Three more checks of the data's age (each after a probe) are evaluated: nothing more is posted.
    const calls = t.probe.calls;
    await waitFor('three more checks', () => t.probe.calls >= calls + 3);
    await t.engine.settled();
    expect(t.sink.posts).toHaveLength(2);
  });

  it('stopped: online.txt shows 0 rooms, then the group runs again', async () => {
    const t = await startEngine({ rules: [down] });
    await t.files.online(0, 0, 0);
    await t.observedOnline(0, 0, 0);
    expect(kinds(t.sink)).toEqual(['alert']);
    expect(t.sink.posts[0]?.reply.text).toBe('The group is stopped: online.txt shows 0 rooms.');
    await t.files.online(1, 1, 4);
    await t.observedOnline(1, 1, 4);
    expect(kinds(t.sink)).toEqual(['alert', 'recovery']);
  });

  it('unreachable: the probe fails, then answers again', async () => {
    const probe = new ScriptedProbe();
    const t = await startEngine({ rules: [down], probe });
    const callsBefore = probe.calls;
    probe.result = { reachable: false, reason: 'cannot connect to 127.0.0.1:51127: connection refused' };
    await waitFor('the down alert', () => t.sink.posts.length === 1);
    expect(t.sink.posts[0]?.reply.text).toBe(
      'The Server API is unreachable: cannot connect to 127.0.0.1:51127: connection refused.',
    );
    probe.result = { reachable: true };
    await waitFor('the recovery', () => t.sink.posts.length === 2);
    // Several probes ran meanwhile; each condition was announced once.
    const calls = probe.calls;
    await waitFor('two more probes', () => probe.calls >= calls + 2);
    await t.engine.settled();
    expect(kinds(t.sink)).toEqual(['alert', 'recovery']);
    expect(probe.calls - callsBefore).toBeGreaterThan(3);
  });
});

describe('a storm of 1,000 rewrites of a room file within a second', () => {
  async function storm(write: (users: number) => Promise<void>, values: (index: number) => number) {
    for (let index = 0; index < 1000; index += 1) await write(values(index));
  }

  /**
   * online.txt written after the storm (with counts no rule here looks at): the folder's changes
   * are read in the order they came, so once the engine has read this one, evaluated it and
   * posted what it implied, every write of the storm has been read, evaluated and posted too.
   */
  async function readAfterTheStorm(t: EngineUnderTest): Promise<void> {
    await t.files.online(7, 7, 1);
    await t.observedOnline(7, 7, 1);
  }

  it('oscillating between threshold - 1 and threshold: exactly 1 alert and 0 recoveries', async () => {
    const t = await startEngine({ rules: [lobbyBusy], rooms: [LOBBY] });
    await t.files.room(1, 49);
    await t.observedRoom(1, 49);
    // 49, 50, 49, 50, … ending on 50.
    await storm(
      (users) => t.files.room(1, users),
      (index) => (index % 2 === 0 ? 49 : 50),
    );
    await t.observedRoom(1, 50);
    await readAfterTheStorm(t);
    expect(kinds(t.sink)).toEqual(['alert']);
  });

  it('swinging across the whole hysteresis band within the cooldown: exactly 1 alert and 1 recovery', async () => {
    const t = await startEngine({ rules: [lobbyBusy], rooms: [LOBBY] });
    await t.files.room(1, 50);
    await t.observedRoom(1, 50);
    expect(kinds(t.sink)).toEqual(['alert']);
    // 44, 50, 44, 50, … ending on 44: every swing starts and clears the condition, but a start
    // within the cooldown is not announced, nor is the clearing of a start never announced.
    await storm(
      (users) => t.files.room(1, users),
      (index) => (index % 2 === 0 ? 50 : 44),
    );
    await t.observedRoom(1, 44);
    await readAfterTheStorm(t);
    expect(kinds(t.sink)).toEqual(['alert', 'recovery']);
    const held = t.log.filter((line) => line.includes('started again within the cooldown'));
    // The engine did see the storm: starts within the cooldown were held back (at most one per swing).
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThanOrEqual(499);
  });
});

describe('restarts', () => {
  it('in the middle of an active alert: no second alert, and the recovery is still announced', async () => {
    const first = await startEngine({ rules: [lobbyBusy], rooms: [LOBBY] });
    await first.files.room(1, 60);
    await first.observedRoom(1, 60);
    expect(kinds(first.sink)).toEqual(['alert']);
    await first.engine.stop();
    const saved = await first.store.alerts.conditions('default');
    expect(saved).toMatchObject([
      { rule: 'lobby-busy', key: 'room:1', state: { active: true, announced: true } },
    ]);

    const second = await startEngineOn(first.files, stateDirOf(first), {
      rules: [lobbyBusy],
      rooms: [LOBBY],
      sink: new RecordingSink('slack'),
    });
    await second.observedRoom(1, 60);
    await second.files.room(1, 61);
    await second.observedRoom(1, 61);
    expect(second.sink.posts).toHaveLength(0);
    await second.files.room(1, 40);
    await second.observedRoom(1, 40);
    expect(kinds(second.sink)).toEqual(['recovery']);
    expect(kinds(first.sink)).toEqual(['alert']);
  });

  it('a condition that cleared while the bot was stopped is announced as recovered at start', async () => {
    const first = await startEngine({ rules: [lobbyBusy], rooms: [LOBBY] });
    await first.files.room(1, 55);
    await first.observedRoom(1, 55);
    await first.engine.stop();
    await first.files.room(1, 10);
    const second = await startEngineOn(first.files, stateDirOf(first), {
      rules: [lobbyBusy],
      rooms: [LOBBY],
      sink: new RecordingSink('slack'),
    });
    await second.observedRoom(1, 10);
    expect(kinds(second.sink)).toEqual(['recovery']);
  });

  it('an alerts.json from before the state store that cannot be used is reported, and the engine starts afresh', async () => {
    const folder = await newFolder();
    const stateDir = join(folder, 'state');
    await mkdir(stateDir, { recursive: true });
    const stateFile = join(stateDir, 'alerts.json');
    await writeFile(stateFile, '{ not json', 'utf8');
    const files = await new StatusFiles(join(folder, 'data', 'default')).prepare();
    await files.online(1, 1, 1);
    const second = await startEngineOn(files, stateDir, { rules: [lobbyBusy], rooms: [LOBBY] });
    expect(second.log).toContain(
      `alerts: the state file ${stateFile} cannot be used (it is not JSON); not imported: the alert state starts afresh in the state store (${second.store.location})`,
    );
    await second.files.room(1, 50);
    await second.observedRoom(1, 50);
    expect(kinds(second.sink)).toEqual(['alert']);
    expect(await second.store.alerts.conditions('default')).toMatchObject([
      { rule: 'lobby-busy', key: 'room:1', state: { active: true, announced: true } },
    ]);
  });
});

describe('an engine with no rules', () => {
  it('stays idle: no probe, no posts, an empty overview', async () => {
    const probe = new ScriptedProbe();
    const t = await startEngine({ rules: [], probe });
    // An engine with a rule, started after it on the same folder with the same timings: what it
    // has read and probed, the idle engine would have read and probed by then.
    const witness = await startEngineOn(t.files, join(dirname(stateDirOf(t)), 'witness-state'), {
      rules: [rule({ name: 'server-down', condition: { kind: 'serverDown' } })],
    });
    await t.files.online(0, 0, 0);
    await witness.observedOnline(0, 0, 0);
    const probes = witness.probe.calls;
    await waitFor('two more probes of the witness', () => witness.probe.calls >= probes + 2);
    // The write was worth a post to an engine with a rule (the group stopped); the idle one made none.
    expect(kinds(witness.sink)).toEqual(['alert']);
    expect(probe.calls).toBe(0);
    expect(t.sink.posts).toHaveLength(0);
    expect(await t.engine.overview()).toEqual({ running: true, rules: [] });
  });
});
