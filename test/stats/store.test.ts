import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { insertRateBenchmark, measureHistorySize } from '../../src/stats/benchmark.ts';
import {
  HOUR_MS,
  MINUTE_MS,
  type OccupancySample,
  OccupancyStore,
  type StoreOptions,
} from '../../src/stats/occupancy-store.ts';

const folders: string[] = [];
const stores: OccupancyStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) store.close();
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function freshPath(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-stats-store-'));
  folders.push(folder);
  // A folder that does not exist yet: the store makes it.
  return join(folder, 'state', 'occupancy.sqlite');
}

function open(path: string, options?: StoreOptions): OccupancyStore {
  const store = new OccupancyStore(path, options);
  stores.push(store);
  return store;
}

/** 2026-11-28 00:00 UTC, a whole hour. */
const T0 = Date.UTC(2026, 10, 28);
const minute = (n: number) => T0 + n * MINUTE_MS;

function sample(at: number, rooms: Record<number, number>, loggedIn?: number): OccupancySample {
  return {
    at,
    totals: loggedIn === undefined ? undefined : { loggedIn, connections: loggedIn + 1, rooms: 5 },
    rooms: new Map(Object.entries(rooms).map(([id, users]) => [Number(id), users])),
  };
}

describe('the occupancy store (SQLite)', () => {
  it('keeps a minute per room: the last value and the minute’s peak; a minute without the room’s row is 0', async () => {
    const store = open(await freshPath());
    store.record(sample(minute(0), { 1: 3, 2: 1 }, 4));
    store.record(sample(minute(0) + 20_000, { 1: 7 }, 8));
    store.record(sample(minute(0) + 40_000, { 1: 5 }, 6));
    // Minute 1: room 2 is empty (no row), room 1 has 2.
    store.record(sample(minute(1), { 1: 2 }, 2));
    const lobby = store.series({ room: 1, from: minute(0), to: minute(2), resolution: 'minute' });
    expect(lobby).toEqual([
      { at: minute(0), spanMs: MINUTE_MS, users: 5, peak: 7 },
      { at: minute(1), spanMs: MINUTE_MS, users: 2, peak: 2 },
    ]);
    const music = store.series({ room: 2, from: minute(0), to: minute(2), resolution: 'minute' });
    expect(music.map((point) => point.users)).toEqual([1, 0]);
    const totals = store.series({ from: minute(0), to: minute(2), resolution: 'minute' });
    expect(totals).toEqual([
      { at: minute(0), spanMs: MINUTE_MS, users: 6, peak: 8 },
      { at: minute(1), spanMs: MINUTE_MS, users: 2, peak: 2 },
    ]);
  });

  it('a minute whose online.txt could not be read has no total, but keeps the rooms', async () => {
    const store = open(await freshPath());
    store.record(sample(minute(0), { 1: 3 }, 3));
    store.record(sample(minute(1), { 1: 4 }));
    expect(
      store.series({ from: minute(0), to: minute(2), resolution: 'minute' }).map((p) => p.users),
    ).toEqual([3]);
    expect(
      store.series({ room: 1, from: minute(0), to: minute(2), resolution: 'minute' }).map((p) => p.users),
    ).toEqual([3, 4]);
  });

  it('a restart (a new store on the same file) keeps the history, and adds to it', async () => {
    const path = await freshPath();
    const first = open(path);
    first.record(sample(minute(0), { 1: 3 }, 3));
    first.record(sample(minute(1), { 1: 4 }, 4));
    first.close();
    const second = open(path);
    expect(second.counts()).toMatchObject({ totalMinutes: 2, roomMinutes: 2 });
    second.record(sample(minute(2), { 1: 5 }, 5));
    expect(
      second.series({ room: 1, from: minute(0), to: minute(3), resolution: 'minute' }).map((p) => p.users),
    ).toEqual([3, 4, 5]);
  });

  it('folds minutes older than 48 h into hours (empty minutes count as 0) and deletes hours past the retention', async () => {
    const store = open(await freshPath(), { retentionMs: 4 * 24 * HOUR_MS });
    // Hour 0: room 1 has 6 users for 30 minutes and nobody for the other 30; a peak of 9 once.
    const samples: OccupancySample[] = [];
    for (let n = 0; n < 60; n += 1) samples.push(sample(minute(n), n < 30 ? { 1: 6 } : {}, n < 30 ? 6 : 0));
    samples.push(sample(minute(10) + 30_000, { 1: 9 }, 9));
    // Hour 1: room 1 has 2 users throughout.
    for (let n = 60; n < 120; n += 1) samples.push(sample(minute(n), { 1: 2 }, 2));
    store.recordMany(samples);

    // 49 h 30 min later, hour 0 is wholly older than 48 h and is folded; hour 1 is not (whole
    // hours only), so it stays minutes.
    const result = store.maintain(T0 + 49 * HOUR_MS + 30 * MINUTE_MS);
    expect(result.hoursWritten).toBe(1);
    expect(store.counts()).toEqual({ totalMinutes: 60, roomMinutes: 60, totalHours: 1, roomHours: 1 });
    const hourly = store.series({ room: 1, from: T0, to: T0 + 2 * HOUR_MS, resolution: 'hour' });
    expect(hourly).toEqual([
      { at: T0, spanMs: HOUR_MS, users: (29 * 6 + 9) / 60, peak: 9 },
      { at: T0 + HOUR_MS, spanMs: HOUR_MS, users: 2, peak: 2 },
    ]);
    // Minute resolution shows the folded hour as an hour, then the minutes.
    const mixed = store.series({ room: 1, from: T0, to: T0 + 2 * HOUR_MS, resolution: 'minute' });
    expect(mixed[0]).toEqual({ at: T0, spanMs: HOUR_MS, users: (29 * 6 + 9) / 60, peak: 9 });
    expect(mixed.slice(1)).toHaveLength(60);
    expect(mixed[1]).toEqual({ at: minute(60), spanMs: MINUTE_MS, users: 2, peak: 2 });
    // The totals' hour: the average of the logged-in users, and their peak.
    expect(store.series({ from: T0, to: T0 + HOUR_MS, resolution: 'hour' })).toEqual([
      { at: T0, spanMs: HOUR_MS, users: (29 * 6 + 9) / 60, peak: 9 },
    ]);

    // Past the retention (4 days) everything goes.
    const later = store.maintain(T0 + 4 * 24 * HOUR_MS + 2 * HOUR_MS + MINUTE_MS);
    expect(later.hoursDeleted).toBe(4);
    expect(store.counts()).toEqual({ totalMinutes: 0, roomMinutes: 0, totalHours: 0, roomHours: 0 });
  });

  it('refuses a database written by a newer schema, leaving it untouched', async () => {
    const path = await freshPath();
    const store = open(path);
    store.close();
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => open(path)).toThrow(/newer flashchat-ops \(schema 99/);
  });

  it('the insert-rate helper writes full samples, one transaction each, and reports the rate it measured', () => {
    // The rate itself is a figure of `npm run bench` (bench/figures/stats-charts.ts), not a test threshold.
    const rate = insertRateBenchmark({ rooms: 50, samples: 200 });
    expect(rate).toMatchObject({ samples: 200, rows: 200 * 51 });
    expect(Number.isFinite(rate.samplesPerSecond) && Number.isFinite(rate.rowsPerSecond)).toBe(true);
  });

  it('30 days of 50 rooms, every room occupied every minute, stay a few megabytes', () => {
    // Maintenance every 6 simulated hours instead of every hour, to keep this test quick; the
    // README's figure comes from the same helper with hourly maintenance (see the report).
    const size = measureHistorySize({ rooms: 50, days: 30, maintainEveryHours: 6 });
    expect(size.counts).toEqual({
      totalMinutes: 2880,
      roomMinutes: 144_000,
      totalHours: 672,
      roomHours: 33_600,
    });
    expect(size.bytes).toBeLessThan(5 * 1024 * 1024);
    expect(size.vacuumedBytes).toBeLessThan(4 * 1024 * 1024);
    process.stdout.write(
      `occupancy database, 30 days of 50 rooms: ${(size.bytes / 1048576).toFixed(2)} MiB (${(size.vacuumedBytes / 1048576).toFixed(2)} MiB vacuumed)\n`,
    );
  }, 60_000);
});
