/**
 * The occupancy store of the releases before the state store kept the history (this is the code
 * of src/stats/occupancy-store.ts as it was then, unchanged but for its types, which are now the
 * state store's): it writes the old `occupancy.sqlite` that an upgrade imports, so that the
 * import is tested against a file the old code really wrote, and its series are what the store's
 * must equal after the import.
 *
 * Occupancy history in SQLite (better-sqlite3, WAL, prepared statements). One row per minute
 * for the group's totals (online.txt) and one per room and minute for rooms with a status file
 * that minute; a minute with a totals row but no row for a room means nobody was in that room.
 * Within a minute a row keeps the last value seen and the minute's peak.
 *
 * Minutes older than `rawForMs` (default 48 h) are folded into hourly rows (average and peak);
 * hours older than the retention (default 30 days) are deleted.
 */

import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type {
  MaintenanceResult,
  OccupancySample,
  SeriesPoint,
  SeriesQuery,
  HistoryCounts as StoreCounts,
} from '../../src/state/index.ts';
import { DEFAULT_RAW_FOR_MS, DEFAULT_RETENTION_MS, HOUR_MS, MINUTE_MS } from '../../src/stats/durations.ts';

export interface StoreOptions {
  readonly retentionMs?: number;
  readonly rawForMs?: number;
}

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS total_minutes (
  minute INTEGER PRIMARY KEY,
  logged_in INTEGER,
  logged_in_peak INTEGER,
  connections INTEGER,
  connections_peak INTEGER,
  rooms INTEGER
);
CREATE TABLE IF NOT EXISTS room_minutes (
  room INTEGER NOT NULL,
  minute INTEGER NOT NULL,
  users INTEGER NOT NULL,
  peak INTEGER NOT NULL,
  PRIMARY KEY (room, minute)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS total_hours (
  hour INTEGER PRIMARY KEY,
  minutes INTEGER NOT NULL,
  logged_in_avg REAL,
  logged_in_peak INTEGER,
  connections_avg REAL,
  connections_peak INTEGER,
  rooms_peak INTEGER
);
CREATE TABLE IF NOT EXISTS room_hours (
  room INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  users_avg REAL NOT NULL,
  peak INTEGER NOT NULL,
  PRIMARY KEY (room, hour)
) WITHOUT ROWID;
`;

/** max() of SQLite is NULL when either side is: keep whichever is known. */
const KEEP_MAX = (column: string) =>
  `CASE WHEN excluded.${column} IS NULL THEN ${column} WHEN ${column} IS NULL THEN excluded.${column} ELSE max(${column}, excluded.${column}) END`;

export class LegacyOccupancyStore {
  readonly path: string;
  readonly retentionMs: number;
  readonly rawForMs: number;
  readonly #db: Database.Database;
  readonly #statements: ReturnType<typeof prepareStatements>;
  readonly #recordMany: (samples: readonly OccupancySample[]) => void;
  readonly #maintain: (now: number) => MaintenanceResult;
  #closed = false;

  /** Opens (creating the file, its folder and the tables when missing) the database at `path`. */
  constructor(path: string, options: StoreOptions = {}) {
    this.path = path;
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.rawForMs = Math.min(options.rawForMs ?? DEFAULT_RAW_FOR_MS, this.retentionMs);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    try {
      this.#db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL loses at most the last transactions on a power cut, never the file.
      this.#db.pragma('synchronous = NORMAL');
      this.#db.pragma('busy_timeout = 2000');
      const version = Number(this.#db.pragma('user_version', { simple: true }));
      if (version > SCHEMA_VERSION) {
        throw new Error(
          `${path} was written by a newer flashchat-ops (schema ${version}, this one knows ${SCHEMA_VERSION})`,
        );
      }
      this.#db.exec(SCHEMA);
      this.#db.pragma(`user_version = ${SCHEMA_VERSION}`);
    } catch (error) {
      this.#db.close();
      throw error;
    }
    this.#statements = prepareStatements(this.#db);
    this.#recordMany = this.#db.transaction((samples: readonly OccupancySample[]) => {
      for (const sample of samples) this.#write(sample);
    });
    this.#maintain = this.#db.transaction((now: number) => this.#maintainNow(now));
  }

  /** Writes one sample (a transaction). */
  record(sample: OccupancySample): void {
    this.#recordMany([sample]);
  }

  /** Writes several samples in one transaction. */
  recordMany(samples: readonly OccupancySample[]): void {
    this.#recordMany(samples);
  }

  /** The series of one room or of the totals, oldest first; minutes and hours with no data are absent. */
  series(query: SeriesQuery): SeriesPoint[] {
    const fromMinute = Math.floor(query.from / MINUTE_MS);
    const toMinute = Math.ceil(query.to / MINUTE_MS);
    const fromHour = Math.floor(query.from / HOUR_MS);
    const toHour = Math.ceil(query.to / HOUR_MS);
    const s = this.#statements;
    const hours: HourRow[] =
      query.room === undefined
        ? (s.totalHours.all(fromHour, toHour) as HourRow[])
        : (s.roomHours.all(query.room, fromHour, toHour) as HourRow[]);
    if (query.resolution === 'hour') {
      const minutesByHour: HourRow[] =
        query.room === undefined
          ? (s.totalMinutesByHour.all(fromMinute, toMinute) as HourRow[])
          : (s.roomMinutesByHour.all(query.room, fromMinute, toMinute) as HourRow[]);
      return mergeHours(hours, minutesByHour).map((row) => ({
        at: row.hour * HOUR_MS,
        spanMs: HOUR_MS,
        users: row.users,
        peak: row.peak,
      }));
    }
    const minutes: MinuteRow[] =
      query.room === undefined
        ? (s.totalMinutes.all(fromMinute, toMinute) as MinuteRow[])
        : (s.roomMinutes.all(query.room, fromMinute, toMinute) as MinuteRow[]);
    const points: SeriesPoint[] = [];
    const firstMinute = minutes[0]?.minute;
    for (const row of hours) {
      // An hour still held as minutes is shown as its minutes.
      if (firstMinute !== undefined && (row.hour + 1) * 60 > firstMinute) break;
      points.push({ at: row.hour * HOUR_MS, spanMs: HOUR_MS, users: row.users, peak: row.peak });
    }
    for (const row of minutes) {
      points.push({ at: row.minute * MINUTE_MS, spanMs: MINUTE_MS, users: row.users, peak: row.peak });
    }
    return points;
  }

  /**
   * Folds minutes older than `rawForMs` into hours (whole hours only) and deletes what is older
   * than the retention; then gives the write-ahead log back to the file.
   */
  maintain(now: number): MaintenanceResult {
    const result = this.#maintain(now);
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    return result;
  }

  counts(): StoreCounts {
    const count = (table: string) =>
      Number((this.#db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
    return {
      totalMinutes: count('total_minutes'),
      roomMinutes: count('room_minutes'),
      totalHours: count('total_hours'),
      roomHours: count('room_hours'),
    };
  }

  /** The database's size on disk: the file and its write-ahead log. */
  sizeBytes(): number {
    let total = 0;
    for (const suffix of ['', '-wal']) {
      try {
        total += statSync(`${this.path}${suffix}`).size;
      } catch {
        // No write-ahead log right now.
      }
    }
    return total;
  }

  /** Rewrites the file without its free pages (for measuring; not needed in operation, free pages are reused). */
  vacuum(): void {
    this.#db.exec('VACUUM');
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
  }

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  #write(sample: OccupancySample): void {
    const minute = Math.floor(sample.at / MINUTE_MS);
    const totals = sample.totals;
    this.#statements.upsertTotal.run(
      minute,
      totals?.loggedIn ?? null,
      totals?.loggedIn ?? null,
      totals?.connections ?? null,
      totals?.connections ?? null,
      totals?.rooms ?? null,
    );
    for (const [room, users] of sample.rooms) this.#statements.upsertRoom.run(room, minute, users, users);
  }

  #maintainNow(now: number): MaintenanceResult {
    const s = this.#statements;
    const nowMinute = Math.floor(now / MINUTE_MS);
    // Whole hours only, so an hour is never half minutes and half an hour row.
    const limitMinute = Math.floor((nowMinute - this.rawForMs / MINUTE_MS) / 60) * 60;
    const keepMinute = nowMinute - Math.floor(this.retentionMs / MINUTE_MS);
    const keepHour = Math.floor(keepMinute / 60);
    const totalHours = s.foldTotals.run(limitMinute).changes;
    s.foldRooms.run(limitMinute, limitMinute);
    const minutesDeleted =
      s.deleteTotalMinutes.run(Math.max(limitMinute, keepMinute)).changes +
      s.deleteRoomMinutes.run(Math.max(limitMinute, keepMinute)).changes;
    const hoursDeleted = s.deleteTotalHours.run(keepHour).changes + s.deleteRoomHours.run(keepHour).changes;
    return { hoursWritten: totalHours, minutesDeleted, hoursDeleted };
  }
}

interface MinuteRow {
  minute: number;
  users: number;
  peak: number;
}

interface HourRow {
  hour: number;
  users: number;
  peak: number;
  minutes: number;
}

function prepareStatements(db: Database.Database) {
  return {
    upsertTotal: db.prepare(
      `INSERT INTO total_minutes (minute, logged_in, logged_in_peak, connections, connections_peak, rooms)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (minute) DO UPDATE SET
         logged_in = COALESCE(excluded.logged_in, logged_in),
         logged_in_peak = ${KEEP_MAX('logged_in_peak')},
         connections = COALESCE(excluded.connections, connections),
         connections_peak = ${KEEP_MAX('connections_peak')},
         rooms = COALESCE(excluded.rooms, rooms)`,
    ),
    upsertRoom: db.prepare(
      `INSERT INTO room_minutes (room, minute, users, peak) VALUES (?, ?, ?, ?)
       ON CONFLICT (room, minute) DO UPDATE SET users = excluded.users, peak = max(peak, excluded.peak)`,
    ),
    totalMinutes: db.prepare(
      `SELECT minute, logged_in AS users, COALESCE(logged_in_peak, logged_in) AS peak FROM total_minutes
       WHERE minute >= ? AND minute < ? AND logged_in IS NOT NULL ORDER BY minute`,
    ),
    // A minute the totals know of, without a row for the room: nobody was in it.
    roomMinutes: db.prepare(
      `SELECT t.minute AS minute, COALESCE(r.users, 0) AS users, COALESCE(r.peak, 0) AS peak
       FROM total_minutes t LEFT JOIN room_minutes r ON r.room = ? AND r.minute = t.minute
       WHERE t.minute >= ? AND t.minute < ? ORDER BY t.minute`,
    ),
    totalMinutesByHour: db.prepare(
      `SELECT minute / 60 AS hour, AVG(logged_in) AS users, MAX(COALESCE(logged_in_peak, logged_in)) AS peak,
              COUNT(*) AS minutes
       FROM total_minutes WHERE minute >= ? AND minute < ? AND logged_in IS NOT NULL
       GROUP BY minute / 60 ORDER BY hour`,
    ),
    roomMinutesByHour: db.prepare(
      `SELECT t.minute / 60 AS hour, AVG(COALESCE(r.users, 0)) AS users, MAX(COALESCE(r.peak, 0)) AS peak,
              COUNT(*) AS minutes
       FROM total_minutes t LEFT JOIN room_minutes r ON r.room = ? AND r.minute = t.minute
       WHERE t.minute >= ? AND t.minute < ? GROUP BY t.minute / 60 ORDER BY hour`,
    ),
    totalHours: db.prepare(
      `SELECT hour, logged_in_avg AS users, logged_in_peak AS peak, minutes FROM total_hours
       WHERE hour >= ? AND hour < ? AND logged_in_avg IS NOT NULL ORDER BY hour`,
    ),
    roomHours: db.prepare(
      `SELECT t.hour AS hour, COALESCE(r.users_avg, 0) AS users, COALESCE(r.peak, 0) AS peak, t.minutes AS minutes
       FROM total_hours t LEFT JOIN room_hours r ON r.room = ? AND r.hour = t.hour
       WHERE t.hour >= ? AND t.hour < ? ORDER BY t.hour`,
    ),
    foldTotals: db.prepare(
      `INSERT OR REPLACE INTO total_hours
         (hour, minutes, logged_in_avg, logged_in_peak, connections_avg, connections_peak, rooms_peak)
       SELECT minute / 60, COUNT(*), AVG(logged_in), MAX(logged_in_peak), AVG(connections),
              MAX(connections_peak), MAX(rooms)
       FROM total_minutes WHERE minute < ? GROUP BY minute / 60`,
    ),
    // A room's hourly average counts the minutes it had no row (nobody in it) as 0.
    foldRooms: db.prepare(
      `WITH per_hour AS (SELECT minute / 60 AS hour, COUNT(*) AS n FROM total_minutes WHERE minute < ? GROUP BY minute / 60)
       INSERT OR REPLACE INTO room_hours (room, hour, users_avg, peak)
       SELECT r.room, r.minute / 60 AS h, SUM(r.users) * 1.0 / max(COALESCE(p.n, 0), COUNT(*)), MAX(r.peak)
       FROM room_minutes r LEFT JOIN per_hour p ON p.hour = r.minute / 60
       WHERE r.minute < ? GROUP BY r.room, r.minute / 60`,
    ),
    deleteTotalMinutes: db.prepare('DELETE FROM total_minutes WHERE minute < ?'),
    deleteRoomMinutes: db.prepare('DELETE FROM room_minutes WHERE minute < ?'),
    deleteTotalHours: db.prepare('DELETE FROM total_hours WHERE hour < ?'),
    deleteRoomHours: db.prepare('DELETE FROM room_hours WHERE hour < ?'),
  };
}

/** Hour rows from both tables, oldest first; an hour in both is weighted by its minutes. */
function mergeHours(a: readonly HourRow[], b: readonly HourRow[]): HourRow[] {
  const byHour = new Map<number, HourRow>();
  for (const row of [...a, ...b]) {
    const seen = byHour.get(row.hour);
    if (seen === undefined) {
      byHour.set(row.hour, { ...row });
      continue;
    }
    const minutes = seen.minutes + row.minutes;
    byHour.set(row.hour, {
      hour: row.hour,
      minutes,
      users: minutes === 0 ? 0 : (seen.users * seen.minutes + row.users * row.minutes) / minutes,
      peak: Math.max(seen.peak, row.peak),
    });
  }
  return [...byHour.values()].sort((x, y) => x.hour - y.hour);
}
