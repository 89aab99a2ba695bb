import { describe, expect, it } from 'vitest';
import type { OccupancySample, StateStore } from '../../src/state/index.ts';
import { HOUR_MS, MINUTE_MS, OccupancyHistory } from '../../src/stats/index.ts';

/**
 * What the occupancy history in the state store must do, whichever database is behind it: the
 * cases of the history's own SQLite file of earlier releases (test/stats/legacy-occupancy-store.ts),
 * now run against SQLite and PostgreSQL. `open` gives a store on an empty database (migrated);
 * `again` another store on the same database (a restart, or a second instance).
 */
export interface HistorySubject {
  open(): Promise<{ store: StateStore; again(): Promise<StateStore> }>;
}

/** 2026-11-28 00:00 UTC, a whole hour. */
export const T0 = Date.UTC(2026, 10, 28);
export const minute = (n: number) => T0 + n * MINUTE_MS;

export function sample(at: number, rooms: Record<number, number>, loggedIn?: number): OccupancySample {
  return {
    at,
    totals: loggedIn === undefined ? undefined : { loggedIn, connections: loggedIn + 1, rooms: 5 },
    rooms: new Map(Object.entries(rooms).map(([id, users]) => [Number(id), users])),
  };
}

export function historyOf(store: StateStore, options: { retentionMs?: number; group?: string } = {}) {
  return new OccupancyHistory({
    records: store.history,
    group: options.group ?? 'default',
    location: store.location,
    retentionMs: options.retentionMs,
  });
}

export function occupancyHistoryContract(name: string, subject: HistorySubject): void {
  const withStore = async (test: (store: StateStore, again: () => Promise<StateStore>) => Promise<void>) => {
    const { store, again } = await subject.open();
    const others: StateStore[] = [];
    try {
      await test(store, async () => {
        const other = await again();
        others.push(other);
        return other;
      });
    } finally {
      await Promise.all([store, ...others].map((each) => each.close()));
    }
  };

  describe(`${name}: the occupancy history`, () => {
    it('keeps a minute per room: the last value and the minute’s peak; a minute without the room’s row is 0', () =>
      withStore(async (store) => {
        const history = historyOf(store);
        // One write each, as the recorder makes them when the store keeps up.
        await history.record([sample(minute(0), { 1: 3, 2: 1 }, 4)]);
        await history.record([sample(minute(0) + 20_000, { 1: 7 }, 8)]);
        await history.record([sample(minute(0) + 40_000, { 1: 5 }, 6)]);
        // Minute 1: room 2 is empty (no row), room 1 has 2.
        await history.record([sample(minute(1), { 1: 2 }, 2)]);
        const lobby = await history.series({ room: 1, from: minute(0), to: minute(2), resolution: 'minute' });
        expect(lobby).toEqual([
          { at: minute(0), spanMs: MINUTE_MS, users: 5, peak: 7 },
          { at: minute(1), spanMs: MINUTE_MS, users: 2, peak: 2 },
        ]);
        const music = await history.series({ room: 2, from: minute(0), to: minute(2), resolution: 'minute' });
        expect(music.map((point) => point.users)).toEqual([1, 0]);
        const totals = await history.series({ from: minute(0), to: minute(2), resolution: 'minute' });
        expect(totals).toEqual([
          { at: minute(0), spanMs: MINUTE_MS, users: 6, peak: 8 },
          { at: minute(1), spanMs: MINUTE_MS, users: 2, peak: 2 },
        ]);
      }));

    it('the same samples in one write (merged while a write was under way) make the same rows', () =>
      withStore(async (store) => {
        const history = historyOf(store);
        await history.record([
          sample(minute(0), { 1: 3, 2: 1 }, 4),
          sample(minute(0) + 20_000, { 1: 7 }, 8),
          sample(minute(0) + 40_000, { 1: 5 }),
          sample(minute(1), { 1: 2 }, 2),
        ]);
        // A later write of minute 0 with a lower value: the last value changes, the peak stays.
        await history.record([sample(minute(0) + 50_000, { 1: 4 }, 5)]);
        expect(
          await history.series({ room: 1, from: minute(0), to: minute(2), resolution: 'minute' }),
        ).toEqual([
          { at: minute(0), spanMs: MINUTE_MS, users: 4, peak: 7 },
          { at: minute(1), spanMs: MINUTE_MS, users: 2, peak: 2 },
        ]);
        expect(await history.series({ from: minute(0), to: minute(2), resolution: 'minute' })).toEqual([
          { at: minute(0), spanMs: MINUTE_MS, users: 5, peak: 8 },
          { at: minute(1), spanMs: MINUTE_MS, users: 2, peak: 2 },
        ]);
        expect(await history.counts()).toEqual({
          totalMinutes: 2,
          roomMinutes: 3,
          totalHours: 0,
          roomHours: 0,
        });
      }));

    it('a minute whose online.txt could not be read has no total, but keeps the rooms', () =>
      withStore(async (store) => {
        const history = historyOf(store);
        await history.record([sample(minute(0), { 1: 3 }, 3)]);
        await history.record([sample(minute(1), { 1: 4 })]);
        expect(
          (await history.series({ from: minute(0), to: minute(2), resolution: 'minute' })).map(
            (p) => p.users,
          ),
        ).toEqual([3]);
        expect(
          (await history.series({ room: 1, from: minute(0), to: minute(2), resolution: 'minute' })).map(
            (p) => p.users,
          ),
        ).toEqual([3, 4]);
      }));

    it('a restart (a new store on the same database) keeps the history, and adds to it', () =>
      withStore(async (store, again) => {
        const first = historyOf(store);
        await first.record([sample(minute(0), { 1: 3 }, 3)]);
        await first.record([sample(minute(1), { 1: 4 }, 4)]);
        const second = historyOf(await again());
        expect(await second.counts()).toMatchObject({ totalMinutes: 2, roomMinutes: 2 });
        await second.record([sample(minute(2), { 1: 5 }, 5)]);
        expect(
          (await second.series({ room: 1, from: minute(0), to: minute(3), resolution: 'minute' })).map(
            (p) => p.users,
          ),
        ).toEqual([3, 4, 5]);
      }));

    it('folds minutes older than 48 h into hours (empty minutes count as 0) and deletes hours past the retention', () =>
      withStore(async (store) => {
        const history = historyOf(store, { retentionMs: 4 * 24 * HOUR_MS });
        // Hour 0: room 1 has 6 users for 30 minutes and nobody for the other 30; a peak of 9 once.
        const samples: OccupancySample[] = [];
        for (let n = 0; n < 60; n += 1)
          samples.push(sample(minute(n), n < 30 ? { 1: 6 } : {}, n < 30 ? 6 : 0));
        samples.push(sample(minute(10) + 30_000, { 1: 9 }, 9));
        // Hour 1: room 1 has 2 users throughout.
        for (let n = 60; n < 120; n += 1) samples.push(sample(minute(n), { 1: 2 }, 2));
        await history.record(samples);

        // 49 h 30 min later, hour 0 is wholly older than 48 h and is folded; hour 1 is not (whole
        // hours only), so it stays minutes.
        const result = await history.maintain(T0 + 49 * HOUR_MS + 30 * MINUTE_MS);
        expect(result.hoursWritten).toBe(1);
        expect(await history.counts()).toEqual({
          totalMinutes: 60,
          roomMinutes: 60,
          totalHours: 1,
          roomHours: 1,
        });
        const hourly = await history.series({ room: 1, from: T0, to: T0 + 2 * HOUR_MS, resolution: 'hour' });
        expect(hourly).toEqual([
          { at: T0, spanMs: HOUR_MS, users: (29 * 6 + 9) / 60, peak: 9 },
          { at: T0 + HOUR_MS, spanMs: HOUR_MS, users: 2, peak: 2 },
        ]);
        // Minute resolution shows the folded hour as an hour, then the minutes.
        const mixed = await history.series({ room: 1, from: T0, to: T0 + 2 * HOUR_MS, resolution: 'minute' });
        expect(mixed[0]).toEqual({ at: T0, spanMs: HOUR_MS, users: (29 * 6 + 9) / 60, peak: 9 });
        expect(mixed.slice(1)).toHaveLength(60);
        expect(mixed[1]).toEqual({ at: minute(60), spanMs: MINUTE_MS, users: 2, peak: 2 });
        // The totals' hour: the average of the logged-in users, and their peak.
        expect(await history.series({ from: T0, to: T0 + HOUR_MS, resolution: 'hour' })).toEqual([
          { at: T0, spanMs: HOUR_MS, users: (29 * 6 + 9) / 60, peak: 9 },
        ]);
        // Folding again (another instance, or a maintenance cut short) changes nothing.
        const again = await history.maintain(T0 + 49 * HOUR_MS + 30 * MINUTE_MS);
        expect(again).toEqual({ hoursWritten: 0, minutesDeleted: 0, hoursDeleted: 0 });
        expect(await history.series({ room: 1, from: T0, to: T0 + 2 * HOUR_MS, resolution: 'hour' })).toEqual(
          hourly,
        );

        // Past the retention (4 days) everything goes.
        const later = await history.maintain(T0 + 4 * 24 * HOUR_MS + 2 * HOUR_MS + MINUTE_MS);
        expect(later.hoursDeleted).toBe(4);
        expect(await history.counts()).toEqual({
          totalMinutes: 0,
          roomMinutes: 0,
          totalHours: 0,
          roomHours: 0,
        });
      }));

    it('keeps server groups apart', () =>
      withStore(async (store) => {
        const main = historyOf(store);
        const other = historyOf(store, { group: 'other' });
        await main.record([sample(minute(0), { 1: 3 }, 3)]);
        await other.record([sample(minute(0), { 1: 8 }, 8), sample(minute(1), { 1: 9 }, 9)]);
        expect(
          (await main.series({ room: 1, from: minute(0), to: minute(2), resolution: 'minute' })).map(
            (p) => p.users,
          ),
        ).toEqual([3]);
        expect(await other.counts()).toEqual({
          totalMinutes: 2,
          roomMinutes: 2,
          totalHours: 0,
          roomHours: 0,
        });
        await other.maintain(T0 + 60 * 24 * HOUR_MS);
        expect(await other.counts()).toEqual({
          totalMinutes: 0,
          roomMinutes: 0,
          totalHours: 0,
          roomHours: 0,
        });
        expect(await main.counts()).toMatchObject({ totalMinutes: 1, roomMinutes: 1 });
      }));

    it('two instances writing the same minute at once (a change of leader) keep its peak', () =>
      withStore(async (store, again) => {
        const a = historyOf(store);
        const b = historyOf(await again());
        await Promise.all(
          Array.from({ length: 20 }, (_, index) =>
            (index % 2 === 0 ? a : b).record([sample(minute(0) + index * 1000, { 1: index }, index)]),
          ),
        );
        const [point] = await a.series({ room: 1, from: minute(0), to: minute(1), resolution: 'minute' });
        expect(point?.peak).toBe(19);
        const [total] = await b.series({ from: minute(0), to: minute(1), resolution: 'minute' });
        expect(total?.peak).toBe(19);
        expect(await a.counts()).toEqual({ totalMinutes: 1, roomMinutes: 1, totalHours: 0, roomHours: 0 });
      }));
  });
}
