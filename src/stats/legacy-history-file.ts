/**
 * The occupancy history file of earlier releases (`<state.dir>/occupancy.sqlite`, or `stats.path`),
 * read for its one-time import into the state store: opened read-only, never changed, its rows
 * handed out a batch at a time so that a large file is never held in memory whole.
 *
 * Its schema (user_version 1): total_minutes (minute, logged_in, logged_in_peak, connections,
 * connections_peak, rooms), room_minutes (room, minute, users, peak), total_hours (hour, minutes,
 * logged_in_avg, logged_in_peak, connections_avg, connections_peak, rooms_peak), room_hours (room,
 * hour, users_avg, peak).
 */

import Database from 'better-sqlite3';
import type { HistoryRowBatch } from '../state/index.ts';

/** The schema the old file's `user_version` says; a newer one is not read. */
const KNOWN_SCHEMA_VERSION = 1;
const TABLES = ['total_minutes', 'room_minutes', 'total_hours', 'room_hours'] as const;
const ROWS_PER_BATCH = 1000;

export interface LegacyHistoryFile {
  readonly path: string;
  /** Every row of the four tables, a batch at a time (the file is read as they are taken). */
  batches(): Iterable<HistoryRowBatch>;
  close(): void;
}

/** Opens the file read-only and checks that it is an occupancy history this code knows; throws why not. */
export function openLegacyHistoryFile(path: string): LegacyHistoryFile {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > KNOWN_SCHEMA_VERSION) {
      throw new Error(
        `it was written by a newer flashchat-ops (schema ${version}; this one imports schema ${KNOWN_SCHEMA_VERSION})`,
      );
    }
    const present = new Set(
      (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
      ).map((row) => row.name),
    );
    const missing = TABLES.filter((table) => !present.has(table));
    if (missing.length > 0) {
      throw new Error(`it is not an occupancy history (no table ${missing.join(', ')})`);
    }
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    path,
    batches: () => readBatches(db),
    close: () => db.close(),
  };
}

type Row = Record<string, number | null>;

function* readBatches(db: Database.Database): Generator<HistoryRowBatch> {
  const nullable = (value: number | null | undefined) =>
    value === null || value === undefined ? null : value;
  const whole = (value: number | null | undefined) => Number(value ?? 0);
  for (const rows of inBatches(db, 'SELECT * FROM total_minutes ORDER BY minute')) {
    yield {
      table: 'totalMinutes',
      rows: rows.map((row) => ({
        minute: whole(row.minute),
        loggedIn: nullable(row.logged_in),
        loggedInPeak: nullable(row.logged_in_peak),
        connections: nullable(row.connections),
        connectionsPeak: nullable(row.connections_peak),
        rooms: nullable(row.rooms),
      })),
    };
  }
  for (const rows of inBatches(db, 'SELECT * FROM room_minutes ORDER BY minute, room')) {
    yield {
      table: 'roomMinutes',
      rows: rows.map((row) => ({
        room: whole(row.room),
        minute: whole(row.minute),
        users: whole(row.users),
        peak: whole(row.peak),
      })),
    };
  }
  for (const rows of inBatches(db, 'SELECT * FROM total_hours ORDER BY hour')) {
    yield {
      table: 'totalHours',
      rows: rows.map((row) => ({
        hour: whole(row.hour),
        minutes: whole(row.minutes),
        loggedInAvg: nullable(row.logged_in_avg),
        loggedInPeak: nullable(row.logged_in_peak),
        connectionsAvg: nullable(row.connections_avg),
        connectionsPeak: nullable(row.connections_peak),
        roomsPeak: nullable(row.rooms_peak),
      })),
    };
  }
  for (const rows of inBatches(db, 'SELECT * FROM room_hours ORDER BY hour, room')) {
    yield {
      table: 'roomHours',
      rows: rows.map((row) => ({
        room: whole(row.room),
        hour: whole(row.hour),
        usersAvg: whole(row.users_avg),
        peak: whole(row.peak),
      })),
    };
  }
}

function* inBatches(db: Database.Database, sql: string): Generator<Row[]> {
  let batch: Row[] = [];
  for (const row of db.prepare(sql).iterate() as IterableIterator<Row>) {
    batch.push(row);
    if (batch.length === ROWS_PER_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
