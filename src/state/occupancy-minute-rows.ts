/**
 * Samples merged into the minute rows they make, by the rules the store's upserts apply: a row
 * keeps the last known value and the highest peak. Merged before writing, so that one statement
 * never names a row twice (PostgreSQL refuses that in an upsert) and a batch of samples costs one
 * row per minute and room, however many changes it holds.
 */

import type { OccupancySample, RoomMinuteRow, TotalMinuteRow } from './occupancy-records.ts';

const MINUTE_MS = 60_000;

export interface MinuteRows {
  readonly totals: TotalMinuteRow[];
  readonly rooms: RoomMinuteRow[];
}

export function minuteRows(samples: readonly OccupancySample[]): MinuteRows {
  const totals = new Map<number, TotalMinuteRow>();
  const rooms = new Map<string, RoomMinuteRow>();
  for (const sample of samples) {
    const minute = Math.floor(sample.at / MINUTE_MS);
    const known = sample.totals;
    const next: TotalMinuteRow = {
      minute,
      loggedIn: known?.loggedIn ?? null,
      loggedInPeak: known?.loggedIn ?? null,
      connections: known?.connections ?? null,
      connectionsPeak: known?.connections ?? null,
      rooms: known?.rooms ?? null,
    };
    const seen = totals.get(minute);
    totals.set(minute, seen === undefined ? next : mergeTotals(seen, next));
    for (const [room, users] of sample.rooms) {
      const key = `${room}:${minute}`;
      const before = rooms.get(key);
      rooms.set(key, { room, minute, users, peak: Math.max(users, before?.peak ?? users) });
    }
  }
  return { totals: [...totals.values()], rooms: [...rooms.values()] };
}

function mergeTotals(earlier: TotalMinuteRow, later: TotalMinuteRow): TotalMinuteRow {
  return {
    minute: earlier.minute,
    loggedIn: later.loggedIn ?? earlier.loggedIn,
    loggedInPeak: keepMax(earlier.loggedInPeak, later.loggedInPeak),
    connections: later.connections ?? earlier.connections,
    connectionsPeak: keepMax(earlier.connectionsPeak, later.connectionsPeak),
    rooms: later.rooms ?? earlier.rooms,
  };
}

/** The higher of two peaks, or whichever is known. */
function keepMax(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
