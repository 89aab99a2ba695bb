import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { AlertSink } from '../../src/alerts/alert-sink.ts';
import type { Platform } from '../../src/permissions/identity.ts';
import type { Reply } from '../../src/replies/reply.ts';
import type { AlertPostRecord, SqlConnection, StateStore } from '../../src/state/index.ts';
import { useTempFolders } from '../status/temp-folder.ts';
import { HELP_DESK, kinds, LOBBY, rule, useEngines } from './engine-fixture.ts';
import { waitFor } from './wait.ts';

/**
 * The alert state, mutes and outbox in the state store, the same cases on every store (SQLite,
 * and a real PostgreSQL): the records themselves, then engines sharing one database over
 * connections of their own, as instances do (one leads at a time; any answers mute and unmute).
 */

export interface AlertStoreDatabase {
  /** A new connection to the database, as another instance (or a restart) opens one. */
  open(): Promise<StateStore>;
  /** A bare connection to the same database. */
  connect(): Promise<SqlConnection>;
}

export interface AlertStoreSubject {
  /** An empty database of its own, migrated on first open. */
  database(): Promise<AlertStoreDatabase>;
}

const GROUP = 'default';
const T0 = Date.parse('2031-01-01T12:00:00Z');
const HOUR = 3_600_000;

const lobbyBusy = rule({ name: 'lobby-busy', condition: { kind: 'roomUsers', threshold: 50 }, margin: 5 });
const crowd = rule({ name: 'crowd', condition: { kind: 'loggedIn', threshold: 100 } });

function postRecord(key: string): AlertPostRecord {
  return {
    key,
    platform: 'slack',
    channel: 'C0ALERTS1',
    description: `post ${key}`,
    message: { title: key },
  };
}

const nothing = { put: [], remove: [], expiredMutes: [], posts: [] };

/**
 * A sink whose requests never come back while it holds them, as a leader's do when it dies with a
 * post in flight; `fail()` ends them with an error (the request came to nothing).
 */
class BlockingSink implements AlertSink {
  readonly calls: Array<{ channelId: string; reply: Reply; key?: string }> = [];
  readonly #held: Array<(error: Error) => void> = [];

  constructor(readonly platform: Platform) {}

  post(channelId: string, reply: Reply, key?: string): Promise<void> {
    this.calls.push({ channelId, reply, key });
    return new Promise((_, reject) => this.#held.push(reject));
  }

  fail(): void {
    for (const reject of this.#held.splice(0))
      reject(new Error('the process that made this request is gone'));
  }
}

/** Polls an asynchronous condition (a read of the store) until it holds. */
async function eventually(what: string, condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export function alertStoreBehaviour(name: string, subject: AlertStoreSubject): void {
  const { startEngineOn, newStatusFiles, closeAfter } = useEngines();
  const newFolder = useTempFolders();

  /** `count` connections to one fresh database. */
  async function connections(count: number): Promise<StateStore[]> {
    const database = await subject.database();
    const stores: StateStore[] = [];
    for (let index = 0; index < count; index += 1) stores.push(closeAfter(await database.open()));
    return stores;
  }

  describe(`${name}: the alert records`, () => {
    it('a commit writes the conditions and its posts together; a post key is written once, ever', async () => {
      const [a, b] = await connections(2);
      if (a === undefined || b === undefined) throw new Error('no store');
      const condition = { rule: 'lobby-busy', key: 'room:1', state: { active: true } };
      const first = await a.alerts.commit(
        GROUP,
        { ...nothing, put: [condition], posts: [postRecord('k1'), postRecord('k2')] },
        T0,
      );
      expect([...first]).toEqual(['k1', 'k2']);
      expect(await b.alerts.conditions(GROUP)).toEqual([condition]);
      expect(await b.alerts.unfinishedPosts(GROUP)).toEqual([postRecord('k1'), postRecord('k2')]);

      // k1 again, beside a new k3 and a change of the condition: only k3 is written.
      const changed = { ...condition, state: { active: false } };
      const second = await b.alerts.commit(
        GROUP,
        { ...nothing, put: [changed], posts: [postRecord('k1'), postRecord('k3')] },
        T0 + 1,
      );
      expect([...second]).toEqual(['k3']);
      expect(await a.alerts.conditions(GROUP)).toEqual([changed]);
      expect((await a.alerts.unfinishedPosts(GROUP)).map((post) => post.key)).toEqual(['k1', 'k2', 'k3']);

      // Sent and marked: no longer waiting, and its key is still never written again.
      await a.alerts.finishPost(GROUP, 'k1', 'sent', T0 + 2);
      expect([...(await b.alerts.commit(GROUP, { ...nothing, posts: [postRecord('k1')] }, T0 + 3))]).toEqual(
        [],
      );
      expect((await b.alerts.unfinishedPosts(GROUP)).map((post) => post.key)).toEqual(['k2', 'k3']);
      expect(await b.alerts.unfinishedPosts('another-group')).toEqual([]);
    });

    it('of the same post committed at once over two connections, exactly one writes it', async () => {
      const [a, b] = await connections(2);
      if (a === undefined || b === undefined) throw new Error('no store');
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          (index % 2 === 0 ? a : b).alerts.commit(GROUP, { ...nothing, posts: [postRecord('same')] }, T0),
        ),
      );
      expect(results.filter((written) => written.has('same'))).toHaveLength(1);
      expect(await a.alerts.unfinishedPosts(GROUP)).toEqual([postRecord('same')]);
    });

    it('a transaction is all or none', async () => {
      const database = await subject.database();
      await closeAfter(await database.open()).alerts.imported(GROUP);
      const db = await database.connect();
      try {
        await db.query('CREATE TABLE tx_probe (k TEXT PRIMARY KEY)');
        const insert = (key: string) => ({
          sql: 'INSERT INTO tx_probe (k) VALUES (?) RETURNING k',
          parameters: [key],
        });
        await expect(db.transaction([insert('a'), insert('b'), insert('a')])).rejects.toThrow();
        expect(await db.query('SELECT k FROM tx_probe')).toEqual([]);
        expect(await db.transaction([insert('a'), insert('b')])).toEqual([[{ k: 'a' }], [{ k: 'b' }]]);
        expect((await db.query('SELECT k FROM tx_probe ORDER BY k')).map((row) => row.k)).toEqual(['a', 'b']);
      } finally {
        await db.close();
      }
    });

    it('a mute is one row per rule: replaced by the next, removed with what it was', async () => {
      const [a, b] = await connections(2);
      if (a === undefined || b === undefined) throw new Error('no store');
      await a.alerts.mute(GROUP, { rule: 'crowd', until: T0 + 1000, by: 'slack:U1' });
      await b.alerts.mute(GROUP, { rule: 'crowd', until: T0 + 2000, by: 'discord:2' });
      expect(await a.alerts.mutes(GROUP)).toEqual([{ rule: 'crowd', until: T0 + 2000, by: 'discord:2' }]);
      expect(await a.alerts.mutes('another-group')).toEqual([]);
      expect(await a.alerts.unmute(GROUP, 'crowd')).toEqual({
        rule: 'crowd',
        until: T0 + 2000,
        by: 'discord:2',
      });
      expect(await b.alerts.unmute(GROUP, 'crowd')).toBeUndefined();
    });

    it('an import is done once per group, by one of the instances doing it at once', async () => {
      const [a, b] = await connections(2);
      if (a === undefined || b === undefined) throw new Error('no store');
      const stateOf = (who: string) => ({
        conditions: [{ rule: 'lobby-busy', key: 'room:1', state: { by: who } }],
        mutes: [{ rule: 'crowd', until: T0, by: who }],
      });
      expect(await a.alerts.imported(GROUP)).toBe(false);
      const done = await Promise.all([
        a.alerts.importOnce(GROUP, stateOf('a'), T0),
        b.alerts.importOnce(GROUP, stateOf('b'), T0),
      ]);
      expect(done.filter(Boolean)).toHaveLength(1);
      const winner = done[0] ? 'a' : 'b';
      expect(await b.alerts.conditions(GROUP)).toEqual(stateOf(winner).conditions);
      expect(await a.alerts.mutes(GROUP)).toEqual(stateOf(winner).mutes);
      expect(await b.alerts.imported(GROUP)).toBe(true);
      expect(await a.alerts.importOnce(GROUP, stateOf('later'), T0)).toBe(false);
      expect(await a.alerts.imported('another-group')).toBe(false);
    });

    it('finished posts are pruned once old; posts not finished never are', async () => {
      const [store] = await connections(1);
      if (store === undefined) throw new Error('no store');
      await store.alerts.commit(
        GROUP,
        { ...nothing, posts: [postRecord('old'), postRecord('new'), postRecord('open')] },
        T0,
      );
      await store.alerts.finishPost(GROUP, 'old', 'sent', T0 + 1);
      await store.alerts.finishPost(GROUP, 'new', 'failed', T0 + 100);
      expect(await store.alerts.pruneFinishedPosts(GROUP, T0 + 50)).toBe(1);
      expect(await store.alerts.pruneFinishedPosts(GROUP, T0 + 1000)).toBe(1);
      expect(await store.alerts.unfinishedPosts(GROUP)).toEqual([postRecord('open')]);
    });
  });

  describe(`${name}: engines sharing the store`, () => {
    it('the state committed by one engine is read by the next, on another connection: no second alert, the recovery still comes', async () => {
      const [a, b] = await connections(2);
      if (a === undefined || b === undefined) throw new Error('no store');
      const files = await newStatusFiles();
      const first = await startEngineOn(files, a, { rules: [lobbyBusy], rooms: [LOBBY] });
      await files.room(1, 60);
      await first.observedRoom(1, 60);
      expect(kinds(first.sink)).toEqual(['alert']);
      await first.engine.stop();
      expect(await b.alerts.conditions(GROUP)).toMatchObject([
        { rule: 'lobby-busy', key: 'room:1', state: { active: true, announced: true } },
      ]);

      const second = await startEngineOn(files, b, { rules: [lobbyBusy], rooms: [LOBBY] });
      await second.observedRoom(1, 60);
      await files.room(1, 61);
      await second.observedRoom(1, 61);
      expect(second.sink.posts).toEqual([]);
      await files.room(1, 40);
      await second.observedRoom(1, 40);
      expect(kinds(second.sink)).toEqual(['recovery']);
      expect(kinds(first.sink)).toEqual(['alert']);
    });

    it('a mute written through another instance holds at the leader’s next evaluation; so does its unmute', async () => {
      const [leaderStore, otherStore] = await connections(2);
      if (leaderStore === undefined || otherStore === undefined) throw new Error('no store');
      const files = await newStatusFiles();
      const leader = await startEngineOn(files, leaderStore, { rules: [lobbyBusy], rooms: [LOBBY] });
      const other = await startEngineOn(files, otherStore, {
        rules: [lobbyBusy],
        rooms: [LOBBY],
        standBy: true,
      });

      const muted = await other.engine.mute('lobby-busy', HOUR, 'slack:U0ADMIN');
      expect(muted.ok).toBe(true);
      await files.room(1, 60);
      await leader.observedRoom(1, 60);
      expect(leader.sink.posts).toEqual([]);
      expect(
        leader.log.some((line) =>
          /^alerts: lobby-busy: Lobby \(1\) started while the rule is muted/.test(line),
        ),
      ).toBe(true);

      // Any instance shows the state as the store has it: the leader's commit and the mute.
      const seen = await other.engine.overview();
      expect(seen.running).toBe(false);
      expect(seen.rules[0]?.mute?.by).toBe('slack:U0ADMIN');
      expect(seen.rules[0]?.active.map((condition) => [condition.label, condition.announced])).toEqual([
        ['Lobby (1)', false],
      ]);

      expect(await other.engine.unmute('lobby-busy')).toEqual({
        ok: true,
        rule: 'lobby-busy',
        wasMuted: true,
      });
      await files.room(1, 61);
      await leader.observedRoom(1, 61);
      expect(kinds(leader.sink)).toEqual(['alert']);
      expect(other.sink.posts).toEqual([]);
      expect(
        (await other.engine.overview()).rules[0]?.active.map((condition) => condition.announced),
      ).toEqual([true]);
    });

    it('posts committed and not sent when the leader goes are sent once, in order, by the next start, and never again', async () => {
      const [first, second, third] = await connections(3);
      if (first === undefined || second === undefined || third === undefined) throw new Error('no store');
      const files = await newStatusFiles();
      const setup = { rules: [lobbyBusy], rooms: [LOBBY, HELP_DESK] };
      const blocked = new BlockingSink('slack');
      const one = await startEngineOn(files, first, {
        ...setup,
        postInto: blocked,
        delivery: { stopGraceMs: 20 },
      });
      await files.room(1, 60);
      await waitFor('the first alert in flight', () => blocked.calls.length === 1);
      // Committed before it was handed to the sink: state and post are in the store.
      expect((await second.alerts.unfinishedPosts(GROUP)).map((post) => post.description)).toEqual([
        'lobby-busy alert for Lobby (1)',
      ]);
      await files.room(3, 60);
      await eventually(
        'the second alert in the outbox',
        async () => (await second.alerts.unfinishedPosts(GROUP)).length === 2,
      );
      const waiting = (await second.alerts.unfinishedPosts(GROUP)).map((post) => post.key);
      expect(blocked.calls.map((call) => call.key)).toEqual(waiting.slice(0, 1));
      await one.engine.stop();
      // The request it had in flight comes to nothing: the leader is gone.
      blocked.fail();

      const two = await startEngineOn(files, second, setup);
      await two.observedRoom(3, 60);
      expect(two.sink.titles()).toEqual([
        'Lobby (1) has 60 users (threshold 50)',
        'Help Desk (3) has 60 users (threshold 50)',
      ]);
      expect(two.sink.posts.map((post) => post.key)).toEqual(waiting);
      expect(two.log).toContain(
        'alerts: 2 posts written to the outbox and not marked sent: sending them first',
      );
      expect(await third.alerts.unfinishedPosts(GROUP)).toEqual([]);

      // Another takeover: nothing is posted again.
      await two.engine.stop();
      const three = await startEngineOn(files, third, setup);
      await three.observedRoom(3, 60);
      await files.room(1, 61);
      await three.observedRoom(1, 61);
      expect(three.sink.posts).toEqual([]);
      expect(three.log.some((line) => line.includes('not marked sent'))).toBe(false);
      expect(blocked.calls).toHaveLength(1);
    });

    it('started again after a stop, an engine reads what another instance wrote meanwhile', async () => {
      const quick = rule({ ...lobbyBusy, cooldownMs: 0 });
      const [a, b] = await connections(2);
      if (a === undefined || b === undefined) throw new Error('no store');
      const files = await newStatusFiles();
      const one = await startEngineOn(files, a, { rules: [quick], rooms: [LOBBY] });
      await files.room(1, 60);
      await one.observedRoom(1, 60);
      await one.engine.stop();
      const two = await startEngineOn(files, b, { rules: [quick], rooms: [LOBBY] });
      await files.room(1, 40);
      await two.observedRoom(1, 40);
      await two.engine.stop();
      await files.room(1, 70);
      // Leadership comes back to the first: what the second committed (cleared, announced) counts.
      await one.engine.start([one.sink]);
      await one.observedRoom(1, 70);
      expect(kinds(one.sink)).toEqual(['alert', 'alert']);
      expect(kinds(two.sink)).toEqual(['recovery']);
    });

    it('a commit the store refuses posts nothing, said once; the first evaluation it takes posts once', async () => {
      const [real] = await connections(1);
      if (real === undefined) throw new Error('no store');
      let refusing = true;
      let refused = 0;
      const flaky: StateStore = {
        ...real,
        alerts: {
          ...real.alerts,
          commit: (group, change, now) => {
            if (refusing && change.posts.length > 0) {
              refused += 1;
              return Promise.reject(new Error('connection terminated'));
            }
            return real.alerts.commit(group, change, now);
          },
        },
      };
      const files = await newStatusFiles();
      const t = await startEngineOn(files, flaky, { rules: [lobbyBusy], rooms: [LOBBY] });
      await files.room(1, 60);
      await t.observedRoom(1, 60);
      // Evaluated again at every check (every 50 ms here): refused each time, said once.
      await waitFor('three refused commits', () => refused >= 3);
      await t.engine.settled();
      expect(t.sink.posts).toEqual([]);
      refusing = false;
      await waitFor('the alert, once the store takes the commit', () => t.sink.posts.length > 0);
      await files.room(1, 61);
      await t.observedRoom(1, 61);
      expect(kinds(t.sink)).toEqual(['alert']);
      expect(t.log.filter((line) => line.includes('the state store'))).toEqual([
        'alerts: the alert state could not be committed (the state store: connection terminated); nothing is posted until it answers, tried again at the next evaluation',
        'alerts: the state store answers again',
      ]);
      expect(await real.alerts.unfinishedPosts(GROUP)).toEqual([]);
    });
  });

  describe(`${name}: the upgrade from alerts.json`, () => {
    it('imported once on the first start, with one log line; never again, even once its conditions are gone', async () => {
      const [a, b] = await connections(2);
      if (a === undefined || b === undefined) throw new Error('no store');
      const importFile = join(await newFolder(), 'alerts.json');
      const anHourAgo = Date.now() - HOUR;
      await writeFile(
        importFile,
        JSON.stringify({
          version: 1,
          rules: {
            'lobby-busy': {
              conditions: {
                'room:1': {
                  active: true,
                  startedAt: anHourAgo,
                  announced: true,
                  lastAlertAt: anHourAgo,
                  facts: { kind: 'room', roomId: 1, label: 'Lobby (1)', users: 60, capacity: 100 },
                },
              },
            },
            crowd: { conditions: {}, mute: { until: Date.now() + HOUR, by: 'slack:U0OLD' } },
          },
        }),
      );
      const files = await newStatusFiles();
      await files.room(1, 60);
      const setup = { rules: [lobbyBusy, crowd], rooms: [LOBBY], importFile };
      const one = await startEngineOn(files, a, setup);
      expect(one.log.filter((line) => line.includes('imported'))).toEqual([
        `alerts: imported ${importFile} into the state store (${a.location}): 1 condition and 1 mute; the file is no longer read`,
      ]);
      await one.observedRoom(1, 60);
      // Announced before the upgrade: not announced again.
      expect(one.sink.posts).toEqual([]);
      expect((await one.engine.overview()).rules.map((status) => status.mute?.by)).toEqual([
        undefined,
        'slack:U0OLD',
      ]);
      await files.room(1, 40);
      await one.observedRoom(1, 40);
      expect(kinds(one.sink)).toEqual(['recovery']);
      expect(await a.alerts.conditions(GROUP)).toEqual([]);
      await one.engine.stop();

      // The file is still there, its condition long gone from the store: it is not read again.
      const two = await startEngineOn(files, b, setup);
      await two.observedRoom(1, 40);
      expect(two.log.filter((line) => line.includes('imported'))).toEqual([]);
      expect(await b.alerts.conditions(GROUP)).toEqual([]);
      expect(two.sink.posts).toEqual([]);
    });
  });
}
