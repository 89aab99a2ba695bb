import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  holderProcessIsGone,
  Leadership,
  type Leases,
  openStateStore,
  type StateStore,
} from '../../src/state/index.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { scratchStateStore } from './scratch-store.ts';

/**
 * One leader among instances sharing a store: the lease decides, a follower takes over once the
 * leader's lease runs out, and a leader that cannot renew stops its work before that moment.
 * Real stores and real timers, with a short lease.
 */

const LEASE_MS = 600;

interface Journal {
  readonly events: string[];
  /** When each instance's work started and stopped (ms since the epoch). */
  readonly spans: Map<string, { started: number; stopped?: number }[]>;
}

function recordingWork(journal: Journal, instance: string) {
  return [
    {
      name: 'watchers',
      start: async () => {
        journal.events.push(`${instance} start`);
        const spans = journal.spans.get(instance) ?? [];
        spans.push({ started: Date.now() });
        journal.spans.set(instance, spans);
      },
      stop: async () => {
        journal.events.push(`${instance} stop`);
        const spans = journal.spans.get(instance) ?? [];
        const open = spans.at(-1);
        if (open !== undefined) open.stopped = Date.now();
      },
    },
  ];
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Leases that fail on demand, as a store that stops answering does. */
function failingLeases(leases: Leases): { leases: Leases; fail(on: boolean): void } {
  let failing = false;
  const guard = <T>(work: () => Promise<T>) =>
    failing ? Promise.reject(new Error('the database does not answer')) : work();
  return {
    fail: (on) => {
      failing = on;
    },
    leases: {
      acquire: (...args) => guard(() => leases.acquire(...args)),
      release: (...args) => guard(() => leases.release(...args)),
      current: (...args) => guard(() => leases.current(...args)),
      seize: (...args) => guard(() => leases.seize(...args)),
    },
  };
}

function leadershipContract(name: string, openTwo: () => Promise<[StateStore, StateStore]>) {
  describe(`leadership on ${name}`, () => {
    const running: Leadership[] = [];
    const stores: StateStore[] = [];
    afterEach(async () => {
      await Promise.all(running.splice(0).map((leadership) => leadership.stop()));
      await Promise.all(stores.splice(0).map((store) => store.close()));
    });

    const setUp = async () => {
      const [storeA, storeB] = await openTwo();
      stores.push(storeA, storeB);
      const journal: Journal = { events: [], spans: new Map() };
      const logs: string[] = [];
      const make = (instance: string, leases: Leases) => {
        const leadership = new Leadership({
          leases,
          lease: 'watchers:default',
          holder: instance,
          leaseMs: LEASE_MS,
          log: (line) => logs.push(line),
        });
        running.push(leadership);
        return leadership;
      };
      return { storeA, storeB, journal, logs, make };
    };

    it('the first instance leads and runs the work; the second waits and runs nothing', async () => {
      const { storeA, storeB, journal, make } = await setUp();
      const a = make('a', storeA.leases);
      const b = make('b', storeB.leases);
      await a.start(recordingWork(journal, 'a'));
      await b.start(recordingWork(journal, 'b'));
      // Several renewals pass: the leader keeps its lease, the follower never starts.
      await sleep(LEASE_MS * 2);
      expect(journal.events).toEqual(['a start']);
      expect(a.status()).toEqual({ leading: true, holder: 'a', leader: 'a', since: expect.any(Number) });
      expect(b.status()).toMatchObject({ leading: false, holder: 'b', leader: 'a' });
    });

    it('a leader that stops lets go of its lease at once (it is free when stop resolves); the follower takes over', async () => {
      const { storeA, storeB, journal, make } = await setUp();
      const a = make('a', storeA.leases);
      const b = make('b', storeB.leases);
      await a.start(recordingWork(journal, 'a'));
      await b.start(recordingWork(journal, 'b'));
      await a.stop();
      expect((await storeB.leases.current('watchers:default', Date.now()))?.holder ?? 'free').not.toBe('a');
      await waitFor('b to lead', () => b.leading);
      expect(journal.events).toEqual(['a start', 'a stop', 'b start']);
    });

    it('a leader whose store stops answering stops its work before its lease ends; the follower starts after', async () => {
      const { storeA, storeB, journal, logs, make } = await setUp();
      const flaky = failingLeases(storeA.leases);
      const a = make('a', flaky.leases);
      const b = make('b', storeB.leases);
      await a.start(recordingWork(journal, 'a'));
      await b.start(recordingWork(journal, 'b'));
      flaky.fail(true);
      await waitFor('b to lead', () => b.leading);
      expect(journal.events).toEqual(['a start', 'a stop', 'b start']);
      const [aSpan] = journal.spans.get('a') ?? [];
      const [bSpan] = journal.spans.get('b') ?? [];
      // Never both at once: a's work had stopped before b's started.
      expect(aSpan?.stopped).toBeDefined();
      expect(aSpan?.stopped ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(bSpan?.started ?? 0);
      expect(logs.some((line) => /a no longer leads|instance \(a\)|no longer leads/.test(line))).toBe(true);
      // The store answers again: a finds b holding the lease and stays a follower.
      flaky.fail(false);
      await sleep(LEASE_MS);
      expect(a.leading).toBe(false);
      expect(journal.events).toEqual(['a start', 'a stop', 'b start']);
    });

    it('a lease held by a process of this machine that no longer runs is taken at once; one held elsewhere is waited out', async () => {
      const { storeA, storeB, journal, logs, make } = await setUp();
      const dead = spawnSync(process.execPath, ['-e', '']);
      const deadHolder = `${hostname()}:${dead.pid}:deadbeef`;
      expect(holderProcessIsGone(deadHolder)).toBe(true);
      expect(holderProcessIsGone(`${hostname()}:${process.pid}:deadbeef`)).toBe(false);
      expect(holderProcessIsGone(`elsewhere.example:${dead.pid}:deadbeef`)).toBe(false);

      const now = Date.now();
      await storeA.leases.acquire(
        'watchers:default',
        `elsewhere.example:${dead.pid}:deadbeef`,
        now + 60_000,
        now,
      );
      const waiting = make('a', storeA.leases);
      await waiting.start(recordingWork(journal, 'a'));
      expect(waiting.leading).toBe(false);
      await waiting.stop();

      await storeB.leases.seize(
        'watchers:default',
        `elsewhere.example:${dead.pid}:deadbeef`,
        deadHolder,
        now + 60_000,
      );
      const restarted = make('b', storeB.leases);
      await restarted.start(recordingWork(journal, 'b'));
      expect(restarted.leading).toBe(true);
      expect(journal.events).toEqual(['b start']);
      expect(
        logs.some((line) =>
          line.includes(`held by ${deadHolder}, a process of this machine that no longer runs`),
        ),
      ).toBe(true);
    });

    it('a piece of work that fails to start when the instance leads at once rejects start and frees the lease', async () => {
      const { storeA, storeB, journal, make } = await setUp();
      const a = make('a', storeA.leases);
      await expect(
        a.start([
          ...recordingWork(journal, 'a'),
          {
            name: 'discord connection',
            start: () => Promise.reject(new Error('Discord login failed: an invalid token')),
            stop: async () => {},
          },
        ]),
      ).rejects.toThrow('discord connection did not start: Discord login failed');
      expect(journal.events).toEqual(['a start', 'a stop']);
      expect(a.leading).toBe(false);
      expect(await storeB.leases.current('watchers:default', Date.now())).toBeUndefined();
    });
  });
}

leadershipContract('SQLite', async () => {
  const store = await scratchStateStore();
  // One database for both instances, as two processes on one file: closing it once is enough.
  return [store, { ...store, close: async () => {} }];
});

const databases: Array<{ drop(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

leadershipContract('PostgreSQL', async () => {
  const database = await freshDatabase();
  databases.push(database);
  const a = await openStateStore({ store: 'postgres', url: database.url });
  const b = await openStateStore({ store: 'postgres', url: database.url });
  return [a.store, b.store];
});
