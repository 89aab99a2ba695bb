import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OccupancyRecords, OccupancySample, StateStore } from '../../src/state/index.ts';
import { MINUTE_MS, OccupancyHistory, OccupancyRecorder } from '../../src/stats/index.ts';
import type {
  StatusFeed,
  StatusListener,
  StatusSnapshot,
  StatusSubscription,
} from '../../src/status/index.ts';
import { scratchStateStore } from '../state/scratch-store.ts';

/**
 * The recorder's writes to the state store, one at a time: what the feed hands out while a write
 * is under way (a slow store: PostgreSQL over a network) goes into the next write, merged. The
 * store is a real one (SQLite in memory); its writes are held at a gate to stand for the network.
 * The feed is driven by hand: it is not what is tested here.
 */

const T0 = Date.UTC(2031, 0, 6, 9, 0, 0);

function snapshot(rooms: Record<number, number>, loggedIn: number): StatusSnapshot {
  const counts = new Map(Object.entries(rooms).map(([id, users]) => [Number(id), users]));
  return {
    server: 'default',
    source: 'files',
    roomUsers: counts,
    online: { status: 'ok', counts: { loggedIn, connections: loggedIn, rooms: counts.size } },
    newestWriteAt: T0,
    unreadable: new Map(),
    reachability: undefined,
  };
}

/** A feed whose updates the test hands out. */
class HandFeed implements StatusFeed {
  readonly server = 'default';
  current: StatusSnapshot | undefined;
  #listeners = new Set<StatusListener>();

  constructor(first: StatusSnapshot) {
    this.current = first;
  }

  subscribe(listener: StatusListener): StatusSubscription {
    this.#listeners.add(listener);
    return {
      ready: Promise.resolve(this.current ?? snapshot({}, 0)),
      close: async () => {
        this.#listeners.delete(listener);
      },
    };
  }

  change(rooms: readonly number[], next: StatusSnapshot): void {
    this.current = next;
    for (const listener of this.#listeners)
      listener({ cause: 'change', changed: { online: true, rooms }, snapshot: next });
  }

  async readNow(): Promise<StatusSnapshot> {
    return this.current ?? snapshot({}, 0);
  }

  async settled(): Promise<void> {}

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}

/** The store's records, each write held until `open()` while the gate is closed; the writes counted. */
function gated(records: OccupancyRecords) {
  let gate: Promise<void> | undefined;
  let openGate: () => void = () => {};
  let failNext: Error | undefined;
  const writes: OccupancySample[][] = [];
  const wrapped: OccupancyRecords = {
    ...records,
    async record(group, samples) {
      writes.push([...samples]);
      if (gate !== undefined) await gate;
      if (failNext !== undefined) {
        const error = failNext;
        failNext = undefined;
        throw error;
      }
      return records.record(group, samples);
    },
  };
  return {
    records: wrapped,
    writes,
    close() {
      gate = new Promise((resolve) => {
        openGate = resolve;
      });
    },
    open() {
      gate = undefined;
      openGate();
    },
    failNextWith(error: Error) {
      failNext = error;
    },
  };
}

const stores: StateStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

async function setUp(writeEveryMs = 0) {
  const store = await scratchStateStore();
  stores.push(store);
  const gate = gated(store.history);
  const history = new OccupancyHistory({ records: gate.records, group: 'default', location: 'memory' });
  const reader = new OccupancyHistory({ records: store.history, group: 'default', location: 'memory' });
  const feed = new HandFeed(snapshot({ 1: 0, 2: 4 }, 4));
  const log: string[] = [];
  let now = T0 + 5_000;
  const recorder = new OccupancyRecorder({
    history,
    feed,
    log: (line) => log.push(line),
    now: () => now,
    maintenanceIntervalMs: 3_600_000,
    // 0: a write as soon as the last one is done, the merging rule alone (the window has its own tests).
    writeEveryMs,
  });
  const minuteOf = async (room: number | undefined, at: number) =>
    (await reader.series({ room, from: at, to: at + MINUTE_MS, resolution: 'minute' }))[0];
  return {
    gate,
    feed,
    log,
    recorder,
    minuteOf,
    setNow: (at: number) => {
      now = at;
    },
  };
}

describe('the occupancy recorder over a slow store', () => {
  it('changes handed out while a write is under way go into the next write, merged: two writes for six changes', async () => {
    const { gate, feed, recorder, minuteOf } = await setUp();
    await recorder.start();
    const writesAtStart = gate.writes.length;
    gate.close();
    for (const users of [1, 2, 7, 3, 5, 4]) feed.change([1], snapshot({ 1: users, 2: 4 }, users + 4));
    // The first change's write is held at the gate; the five after it wait, merged.
    expect(gate.writes.length).toBe(writesAtStart + 1);
    gate.open();
    await recorder.settled();
    expect(gate.writes.slice(writesAtStart).map((samples) => samples.length)).toEqual([1, 5]);
    expect(recorder.samplesRecorded).toBe(7);
    // As if each change had been written on its own: the last value, the minute's peak.
    expect(await minuteOf(1, T0)).toEqual({ at: T0, spanMs: MINUTE_MS, users: 4, peak: 7 });
    expect(await minuteOf(undefined, T0)).toEqual({ at: T0, spanMs: MINUTE_MS, users: 8, peak: 11 });
    expect(await minuteOf(2, T0)).toMatchObject({ users: 4, peak: 4 });
    await recorder.stop();
  });

  it('a failed write is logged once; the next write of the minute has every room again', async () => {
    const { gate, feed, recorder, minuteOf, log, setNow } = await setUp();
    await recorder.start();
    // A new minute: its first write (room 1 changed) carries every room; that write fails.
    setNow(T0 + MINUTE_MS + 1_000);
    gate.failNextWith(new Error('connection reset'));
    feed.change([1], snapshot({ 1: 2, 2: 6 }, 8));
    await recorder.settled();
    gate.failNextWith(new Error('connection reset'));
    feed.change([1], snapshot({ 1: 3, 2: 6 }, 9));
    await recorder.settled();
    expect(log).toEqual(['stats: could not record occupancy in memory: connection reset']);
    // Only room 1 changed; room 2 is written too, as the minute's writes of every room were lost.
    feed.change([1], snapshot({ 1: 4, 2: 6 }, 10));
    await recorder.settled();
    expect(log).toEqual([
      'stats: could not record occupancy in memory: connection reset',
      'stats: recording works again (after: connection reset)',
    ]);
    expect(await minuteOf(2, T0 + MINUTE_MS)).toMatchObject({ users: 6, peak: 6 });
    expect(await minuteOf(1, T0 + MINUTE_MS)).toMatchObject({ users: 4, peak: 4 });
    await recorder.stop();
  });

  it('stop() writes what was taken before it, and nothing after; start() again takes every room', async () => {
    const { gate, feed, recorder, minuteOf, setNow } = await setUp();
    await recorder.start();
    gate.close();
    feed.change([1], snapshot({ 1: 1, 2: 4 }, 5));
    feed.change([1], snapshot({ 1: 9, 2: 4 }, 13));
    const stopped = recorder.stop();
    feed.change([1], snapshot({ 1: 20, 2: 4 }, 24));
    gate.open();
    await stopped;
    expect(await minuteOf(1, T0)).toMatchObject({ users: 9, peak: 9 });
    setNow(T0 + 2 * MINUTE_MS);
    await recorder.start();
    expect(await minuteOf(1, T0 + 2 * MINUTE_MS)).toMatchObject({ users: 20, peak: 20 });
    expect(await minuteOf(2, T0 + 2 * MINUTE_MS)).toMatchObject({ users: 4, peak: 4 });
    await recorder.stop();
  });
});

describe('the occupancy recorder writes at most once a writeEveryMs', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a change after a quiet spell is written at once; those within the window after it go together when it ends', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { gate, feed, recorder, minuteOf } = await setUp(1_000);
    await recorder.start();
    const writesAtStart = gate.writes.length;
    await vi.advanceTimersByTimeAsync(1_000);
    feed.change([1], snapshot({ 1: 1, 2: 4 }, 5));
    expect(gate.writes.length).toBe(writesAtStart + 1);
    for (const users of [6, 2, 3]) feed.change([1], snapshot({ 1: users, 2: 4 }, users + 4));
    await vi.advanceTimersByTimeAsync(999);
    expect(gate.writes.length).toBe(writesAtStart + 1);
    await vi.advanceTimersByTimeAsync(1);
    expect(gate.writes.slice(writesAtStart).map((samples) => samples.length)).toEqual([1, 3]);
    expect(await minuteOf(1, T0)).toMatchObject({ users: 3, peak: 6 });
    await recorder.stop();
  });

  it('settled() and stop() write what waits for the window at once', async () => {
    const { gate, feed, recorder, minuteOf } = await setUp(3_600_000);
    await recorder.start();
    const writesAtStart = gate.writes.length;
    feed.change([1], snapshot({ 1: 8, 2: 4 }, 12));
    expect(gate.writes.length).toBe(writesAtStart);
    await recorder.settled();
    expect(gate.writes.length).toBe(writesAtStart + 1);
    expect(await minuteOf(1, T0)).toMatchObject({ users: 8 });
    feed.change([1], snapshot({ 1: 9, 2: 4 }, 13));
    await recorder.stop();
    expect(gate.writes.length).toBe(writesAtStart + 2);
    expect(await minuteOf(1, T0)).toMatchObject({ users: 9, peak: 9 });
  });
});
