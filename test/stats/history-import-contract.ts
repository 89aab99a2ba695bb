import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryImport, SeriesQuery, StateStore } from '../../src/state/index.ts';
import { DAY_MS } from '../../src/stats/durations.ts';
import { HOUR_MS, importOldHistory, MINUTE_MS, type OccupancyHistory } from '../../src/stats/index.ts';
import { type HistorySubject, historyOf, minute, sample, T0 } from './history-contract.ts';
import { LegacyOccupancyStore } from './legacy-occupancy-store.ts';

/**
 * The upgrade's one-time import of the history file an earlier release kept (occupancy.sqlite),
 * written here by that release's own code (LegacyOccupancyStore), into the state store; run
 * against SQLite and PostgreSQL.
 */

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

export async function freshFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-history-import-'));
  folders.push(folder);
  return folder;
}

/** Minutes of samples in the old file: four days and a half hour. */
const OLD_MINUTES = 96 * 60 + 30;
/** A minute of the last sample (every 7th minute is sampled). */
const LAST_SAMPLED = Math.floor((OLD_MINUTES - 1) / 7) * 7;
/** The moment the old release last ran: its last maintenance. */
const UPGRADE_AT = T0 + OLD_MINUTES * MINUTE_MS;

/**
 * An old history file as the earlier release left it: three rooms over four days, the first two
 * folded into hour rows by its own maintenance, the last two still minutes; minutes without
 * totals; room 3 empty at times (no row).
 */
export async function writeOldHistoryFile(path: string): Promise<void> {
  const old = new LegacyOccupancyStore(path, { retentionMs: 30 * DAY_MS });
  try {
    const samples = [];
    for (let n = 0; n < OLD_MINUTES; n += 7) {
      const rooms: Record<number, number> = { 1: (n * 3) % 17, 2: (n % 5) + 1 };
      if (n % 3 !== 0) rooms[3] = n % 4;
      samples.push(
        sample(minute(n), rooms, n % 11 === 0 ? undefined : ((n * 3) % 17) + (n % 5) + 1 + (n % 4)),
      );
      // A second write in some minutes: last value and peak.
      if (n % 2 === 0) samples.push(sample(minute(n) + 30_000, { 1: ((n * 3) % 17) + 5 }, 40));
    }
    old.recordMany(samples);
    old.maintain(UPGRADE_AT);
  } finally {
    old.close();
  }
}

/** The old file's series, read by the old code. */
function oldSeries(path: string, query: SeriesQuery) {
  const old = new LegacyOccupancyStore(path);
  try {
    return old.series(query);
  } finally {
    old.close();
  }
}

export function oldCounts(path: string) {
  const old = new LegacyOccupancyStore(path);
  try {
    return old.counts();
  } finally {
    old.close();
  }
}

const QUERIES: SeriesQuery[] = [undefined, 1, 2, 3].flatMap((room) =>
  (['minute', 'hour'] as const).map((resolution) => ({
    room,
    from: T0,
    to: UPGRADE_AT + HOUR_MS,
    resolution,
  })),
);

export async function importInto(
  store: StateStore,
  path: string,
  log: string[],
): Promise<HistoryImport | undefined> {
  return importOldHistory({
    records: store.history,
    group: 'default',
    path,
    storeLocation: store.location,
    log: (line) => log.push(line),
    now: () => UPGRADE_AT + MINUTE_MS,
  });
}

async function seriesOf(history: OccupancyHistory) {
  return Promise.all(QUERIES.map((query) => history.series(query)));
}

export function historyImportContract(name: string, subject: HistorySubject): void {
  describe(`${name}: the old history file imported once`, () => {
    it('takes every row: the store draws what the old file drew; one line says so; never again', async () => {
      const path = join(await freshFolder(), 'occupancy.sqlite');
      await writeOldHistoryFile(path);
      const counts = oldCounts(path);
      expect(counts.totalHours).toBeGreaterThan(40);
      expect(counts.totalMinutes).toBeGreaterThan(10);
      const { store, again } = await subject.open();
      const second = await again();
      try {
        const log: string[] = [];
        const outcome = await importInto(store, path, log);
        expect(outcome).toEqual({
          outcome: 'imported',
          added: counts,
          alreadyThere: { totalMinutes: 0, roomMinutes: 0, totalHours: 0, roomHours: 0 },
        });
        const history = historyOf(store);
        expect(await history.counts()).toEqual(counts);
        expect(await seriesOf(history)).toEqual(QUERIES.map((query) => oldSeries(path, query)));
        expect(log).toEqual([
          `stats: imported the old occupancy history ${path} into the state store (${store.location}): ${counts.totalMinutes} minutes and ${counts.totalHours} hours of totals, ${counts.roomMinutes} room minutes and ${counts.roomHours} room hours; ${path} is left in place, no longer used (it may be deleted)`,
        ]);
        expect(existsSync(path)).toBe(true);

        // A restart, and another instance: nothing imported, nothing said, nothing doubled.
        const later: string[] = [];
        expect(await importInto(store, path, later)).toBeUndefined();
        expect(await importInto(second, path, later)).toBeUndefined();
        expect(later).toEqual([]);
        expect(await historyOf(second).counts()).toEqual(counts);
        expect(await store.history.importedFrom('default')).toEqual({
          source: path,
          importedAt: UPGRADE_AT + MINUTE_MS,
        });
      } finally {
        await Promise.all([store.close(), second.close()]);
      }
    });

    it('rows the store already holds are kept as they are, and not doubled', async () => {
      const path = join(await freshFolder(), 'occupancy.sqlite');
      await writeOldHistoryFile(path);
      const counts = oldCounts(path);
      const { store } = await subject.open();
      try {
        const history = historyOf(store);
        // The recorder of an instance already on the new release wrote the old file's last minute.
        const lastMinute = minute(LAST_SAMPLED);
        expect(
          oldSeries(path, { room: 1, from: lastMinute, to: lastMinute + 1, resolution: 'minute' }),
        ).toHaveLength(1);
        await history.record([sample(lastMinute, { 1: 42 }, 99)]);
        const log: string[] = [];
        const outcome = await importInto(store, path, log);
        expect(outcome).toMatchObject({
          outcome: 'imported',
          added: { ...counts, totalMinutes: counts.totalMinutes - 1, roomMinutes: counts.roomMinutes - 1 },
          alreadyThere: { totalMinutes: 1, roomMinutes: 1, totalHours: 0, roomHours: 0 },
        });
        expect(await history.counts()).toEqual(counts);
        expect(
          await history.series({ room: 1, from: lastMinute, to: lastMinute + 1, resolution: 'minute' }),
        ).toEqual([{ at: lastMinute, spanMs: MINUTE_MS, users: 42, peak: 42 }]);
        expect(log).toHaveLength(1);
        expect(log[0]).toContain('(2 rows the store already held were kept as they were)');
      } finally {
        await store.close();
      }
    });

    it('a file it cannot read is logged and left for the next start; the history goes on meanwhile', async () => {
      const folder = await freshFolder();
      const path = join(folder, 'occupancy.sqlite');
      await writeOldHistoryFile(path);
      const raw = new Database(path);
      raw.pragma('user_version = 99');
      raw.close();
      const { store } = await subject.open();
      try {
        const log: string[] = [];
        expect(await importInto(store, path, log)).toBeUndefined();
        expect(log).toEqual([
          `stats: the old occupancy history ${path} could not be imported (it was written by a newer flashchat-ops (schema 99; this one imports schema 1)); it is tried again at the next start, and the history is recorded in the state store meanwhile`,
        ]);
        expect(await store.history.importedFrom('default')).toBeUndefined();
        const history = historyOf(store);
        await history.record([sample(UPGRADE_AT, { 1: 1 }, 1)]);

        // Not a history at all (a folder, or a file of something else).
        const notHistory: string[] = [];
        expect(await importInto(store, folder, notHistory)).toBeUndefined();
        expect(notHistory[0]).toMatch(/could not be imported \(.+\); it is tried again at the next start/);
        const other = join(folder, 'other.sqlite');
        const unrelated = new Database(other);
        unrelated.exec('CREATE TABLE something (x INTEGER)');
        unrelated.close();
        expect(await importInto(store, other, notHistory)).toBeUndefined();
        expect(notHistory[1]).toContain(
          'could not be imported (it is not an occupancy history (no table total_minutes',
        );

        // Readable again at the next start: imported then.
        const fixed = new Database(path);
        fixed.pragma('user_version = 1');
        fixed.close();
        expect(await importInto(store, path, log)).toMatchObject({ outcome: 'imported' });
        expect((await history.counts()).totalHours).toBe(oldCounts(path).totalHours);
      } finally {
        await store.close();
      }
    });

    it('no old file: nothing imported, nothing said; another file after an import is named, not imported', async () => {
      const folder = await freshFolder();
      const { store } = await subject.open();
      try {
        const log: string[] = [];
        expect(await importInto(store, join(folder, 'occupancy.sqlite'), log)).toBeUndefined();
        expect(log).toEqual([]);
        expect(await store.history.importedFrom('default')).toBeUndefined();

        const first = join(folder, 'first.sqlite');
        await writeOldHistoryFile(first);
        await importInto(store, first, log);
        const second = join(folder, 'second.sqlite');
        await writeOldHistoryFile(second);
        const later: string[] = [];
        expect(await importInto(store, second, later)).toBeUndefined();
        expect(later).toEqual([
          `stats: the old occupancy history ${second} is not imported: the history of group default was imported from ${first} (${new Date(UPGRADE_AT + MINUTE_MS).toISOString()}) and is kept in the state store`,
        ]);
      } finally {
        await store.close();
      }
    });
  });
}
