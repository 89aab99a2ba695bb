/**
 * The occupancy history over any SqlConnection, in the SQL SQLite and PostgreSQL share: upserts
 * whose peak is a CASE (SQLite's two-argument max() is PostgreSQL's GREATEST), numbers read back
 * through Number() (PostgreSQL hands BIGINT, NUMERIC and COUNT(*) out as strings).
 *
 * Averages are taken in DOUBLE PRECISION on both (PostgreSQL's AVG of a BIGINT would be NUMERIC,
 * rounded elsewhere than SQLite's), so that both draw the same numbers.
 *
 * A write is one transaction of a few multi-row upserts (samples merged by minute first); the
 * hourly folding and the deletions past the retention are another. Folding is idempotent (an hour
 * is rewritten whole from its minutes), so two instances folding during a change of leader agree.
 */

import { minuteRows } from './occupancy-minute-rows.ts';
import type {
  HistoryCounts,
  HistoryImport,
  HistoryRowBatch,
  OccupancyRecords,
  RoomHourRow,
  RoomMinuteRow,
  SeriesPoint,
  TotalHourRow,
  TotalMinuteRow,
} from './occupancy-records.ts';
import type { SqlConnection, SqlParameter, SqlRow, SqlStatement } from './sql-connection.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Rows per statement: SQLite and PostgreSQL both take a few thousand parameters with ease. */
const ROWS_PER_WRITE = 100;
const ROWS_PER_IMPORT = 200;

export function sqlOccupancyRecords(db: SqlConnection): OccupancyRecords {
  return {
    async record(group, samples) {
      const rows = minuteRows(samples);
      // Room rows before the totals row, should a reader see one statement's work before the next.
      const statements: SqlStatement[] = [
        ...chunks(rows.rooms, ROWS_PER_WRITE).map((part) => ({
          sql: UPSERT_ROOM_MINUTES(part.length),
          parameters: part.flatMap((row) => roomMinuteValues(group, row)),
        })),
        ...chunks(rows.totals, ROWS_PER_WRITE).map((part) => ({
          sql: UPSERT_TOTAL_MINUTES(part.length),
          parameters: part.flatMap((row) => totalMinuteValues(group, row)),
        })),
      ];
      if (statements.length > 0) await db.transaction(statements);
    },

    async series(group, query) {
      const fromMinute = Math.floor(query.from / MINUTE_MS);
      const toMinute = Math.ceil(query.to / MINUTE_MS);
      const fromHour = Math.floor(query.from / HOUR_MS);
      const toHour = Math.ceil(query.to / HOUR_MS);
      const hours = hourRows(
        query.room === undefined
          ? await db.query(TOTAL_HOURS, [group, fromHour, toHour])
          : await db.query(ROOM_HOURS, [query.room, group, fromHour, toHour]),
      );
      if (query.resolution === 'hour') {
        const minutesByHour = hourRows(
          query.room === undefined
            ? await db.query(TOTAL_MINUTES_BY_HOUR, [group, fromMinute, toMinute])
            : await db.query(ROOM_MINUTES_BY_HOUR, [query.room, group, fromMinute, toMinute]),
        );
        return mergeHours(hours, minutesByHour).map((row) => ({
          at: row.hour * HOUR_MS,
          spanMs: HOUR_MS,
          users: row.users,
          peak: row.peak,
        }));
      }
      const minutes = (
        query.room === undefined
          ? await db.query(TOTAL_MINUTES, [group, fromMinute, toMinute])
          : await db.query(ROOM_MINUTES, [query.room, group, fromMinute, toMinute])
      ).map((row) => ({ minute: Number(row.minute), users: Number(row.users), peak: Number(row.peak) }));
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
    },

    async maintain(group, now, policy) {
      const rawForMs = Math.min(policy.rawForMs, policy.retentionMs);
      const nowMinute = Math.floor(now / MINUTE_MS);
      // Whole hours only, so an hour is never half minutes and half an hour row.
      const limitMinute = Math.floor((nowMinute - rawForMs / MINUTE_MS) / 60) * 60;
      const keepMinute = nowMinute - Math.floor(policy.retentionMs / MINUTE_MS);
      const keepHour = Math.floor(keepMinute / 60);
      const minutesBefore = Math.max(limitMinute, keepMinute);
      const olderThan = (table: string, column: 'minute' | 'hour', before: number) => ({
        count: {
          sql: `SELECT COUNT(*) AS n FROM ${table} WHERE server_group = ? AND ${column} < ?`,
          parameters: [group, before],
        },
        remove: {
          sql: `DELETE FROM ${table} WHERE server_group = ? AND ${column} < ?`,
          parameters: [group, before],
        },
      });
      const expired = [
        olderThan('occupancy_total_minutes', 'minute', minutesBefore),
        olderThan('occupancy_room_minutes', 'minute', minutesBefore),
        olderThan('occupancy_total_hours', 'hour', keepHour),
        olderThan('occupancy_room_hours', 'hour', keepHour),
      ];
      // One transaction: a reader never sees an hour both folded and still held as minutes. Counted
      // before deleted: a count through RETURNING would hand every deleted row to the process.
      const [folded = [], , ...rest] = await db.transaction([
        { sql: FOLD_TOTALS, parameters: [group, limitMinute] },
        { sql: FOLD_ROOMS, parameters: [group, limitMinute, group, limitMinute] },
        ...expired.map((table) => table.count),
        ...expired.map((table) => table.remove),
      ]);
      const counted = rest.slice(0, expired.length).map((rows) => Number(rows[0]?.n ?? 0));
      const [totalMinutes = 0, roomMinutes = 0, totalHours = 0, roomHours = 0] = counted;
      return {
        hoursWritten: folded.length,
        minutesDeleted: totalMinutes + roomMinutes,
        hoursDeleted: totalHours + roomHours,
      };
    },

    async counts(group) {
      const count = async (table: string) => {
        const [row] = await db.query(`SELECT COUNT(*) AS n FROM ${table} WHERE server_group = ?`, [group]);
        return Number(row?.n ?? 0);
      };
      return {
        totalMinutes: await count('occupancy_total_minutes'),
        roomMinutes: await count('occupancy_room_minutes'),
        totalHours: await count('occupancy_total_hours'),
        roomHours: await count('occupancy_room_hours'),
      };
    },

    async importedFrom(group) {
      const [row] = await db.query(
        'SELECT source, imported_at FROM occupancy_imports WHERE server_group = ?',
        [group],
      );
      return row === undefined
        ? undefined
        : { source: String(row.source), importedAt: Number(row.imported_at) };
    },

    importOnce(group, source, batches, now) {
      return db.exclusively(async (tx): Promise<HistoryImport> => {
        // The mark first: an instance importing at the same time waits for this transaction, then finds it.
        const marked = await tx.query(
          `INSERT INTO occupancy_imports (server_group, source, imported_at) VALUES (?, ?, ?)
           ON CONFLICT (server_group) DO NOTHING
           RETURNING server_group`,
          [group, source, now],
        );
        if (marked.length === 0) {
          const [earlier] = await tx.query(
            'SELECT source, imported_at FROM occupancy_imports WHERE server_group = ?',
            [group],
          );
          return {
            outcome: 'already-imported',
            source: String(earlier?.source ?? ''),
            importedAt: Number(earlier?.imported_at ?? 0),
          };
        }
        const read = emptyCounts();
        const added = emptyCounts();
        for (const batch of batches) {
          for (const part of chunks(rowValues(group, batch), ROWS_PER_IMPORT)) {
            const inserted = await tx.query(IMPORT_STATEMENTS[batch.table](part.length), part.flat());
            added[batch.table] += inserted.length;
            read[batch.table] += part.length;
          }
        }
        const alreadyThere = emptyCounts();
        for (const table of TABLE_KEYS) alreadyThere[table] = read[table] - added[table];
        return { outcome: 'imported', added, alreadyThere };
      }, IMPORT_LOCK);
    },
  };
}

/** Imports take turns with each other only (PostgreSQL: an advisory lock of this name). */
const IMPORT_LOCK = 'occupancy history import';

const TABLE_KEYS = ['totalMinutes', 'roomMinutes', 'totalHours', 'roomHours'] as const;

function emptyCounts(): { -readonly [K in keyof HistoryCounts]: number } {
  return { totalMinutes: 0, roomMinutes: 0, totalHours: 0, roomHours: 0 };
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < rows.length; start += size) parts.push(rows.slice(start, start + size));
  return parts;
}

/** `(?, ?, ?), (?, ?, ?)`: `rows` groups of `columns` placeholders. */
function placeholders(rows: number, columns: number): string {
  const one = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => one).join(', ');
}

/** Statements by row count, built once each. */
function memo(build: (rows: number) => string): (rows: number) => string {
  const built = new Map<number, string>();
  return (rows) => {
    let sql = built.get(rows);
    if (sql === undefined) {
      sql = build(rows);
      built.set(rows, sql);
    }
    return sql;
  };
}

/** The higher of the row's and the new value, or whichever is known. */
const keepMax = (column: string) =>
  `CASE WHEN excluded.${column} IS NULL THEN t.${column} WHEN t.${column} IS NULL THEN excluded.${column}
        WHEN excluded.${column} > t.${column} THEN excluded.${column} ELSE t.${column} END`;

const UPSERT_TOTAL_MINUTES = memo(
  (rows) => `INSERT INTO occupancy_total_minutes AS t
       (server_group, minute, logged_in, logged_in_peak, connections, connections_peak, rooms)
     VALUES ${placeholders(rows, 7)}
     ON CONFLICT (server_group, minute) DO UPDATE SET
       logged_in = COALESCE(excluded.logged_in, t.logged_in),
       logged_in_peak = ${keepMax('logged_in_peak')},
       connections = COALESCE(excluded.connections, t.connections),
       connections_peak = ${keepMax('connections_peak')},
       rooms = COALESCE(excluded.rooms, t.rooms)`,
);

const UPSERT_ROOM_MINUTES = memo(
  (rows) => `INSERT INTO occupancy_room_minutes AS t (server_group, minute, room, users, peak)
     VALUES ${placeholders(rows, 5)}
     ON CONFLICT (server_group, minute, room) DO UPDATE SET
       users = excluded.users,
       peak = CASE WHEN excluded.peak > t.peak THEN excluded.peak ELSE t.peak END`,
);

function totalMinuteValues(group: string, row: TotalMinuteRow): SqlParameter[] {
  return [group, row.minute, row.loggedIn, row.loggedInPeak, row.connections, row.connectionsPeak, row.rooms];
}

function roomMinuteValues(group: string, row: RoomMinuteRow): SqlParameter[] {
  return [group, row.minute, row.room, row.users, row.peak];
}

function totalHourValues(group: string, row: TotalHourRow): SqlParameter[] {
  return [
    group,
    row.hour,
    row.minutes,
    row.loggedInAvg,
    row.loggedInPeak,
    row.connectionsAvg,
    row.connectionsPeak,
    row.roomsPeak,
  ];
}

function roomHourValues(group: string, row: RoomHourRow): SqlParameter[] {
  return [group, row.hour, row.room, row.usersAvg, row.peak];
}

/** An import's insert: rows the store has are left alone; RETURNING counts the rows added. */
const IMPORT_STATEMENTS = {
  totalMinutes: memo(
    (rows) => `INSERT INTO occupancy_total_minutes
       (server_group, minute, logged_in, logged_in_peak, connections, connections_peak, rooms)
     VALUES ${placeholders(rows, 7)} ON CONFLICT DO NOTHING RETURNING minute`,
  ),
  roomMinutes: memo(
    (rows) => `INSERT INTO occupancy_room_minutes (server_group, minute, room, users, peak)
     VALUES ${placeholders(rows, 5)} ON CONFLICT DO NOTHING RETURNING minute`,
  ),
  totalHours: memo(
    (rows) => `INSERT INTO occupancy_total_hours
       (server_group, hour, minutes, logged_in_avg, logged_in_peak, connections_avg, connections_peak, rooms_peak)
     VALUES ${placeholders(rows, 8)} ON CONFLICT DO NOTHING RETURNING hour`,
  ),
  roomHours: memo(
    (rows) => `INSERT INTO occupancy_room_hours (server_group, hour, room, users_avg, peak)
     VALUES ${placeholders(rows, 5)} ON CONFLICT DO NOTHING RETURNING hour`,
  ),
};

/** Each row's parameters, in its table's column order. */
function rowValues(group: string, batch: HistoryRowBatch): SqlParameter[][] {
  switch (batch.table) {
    case 'totalMinutes':
      return batch.rows.map((row) => totalMinuteValues(group, row));
    case 'roomMinutes':
      return batch.rows.map((row) => roomMinuteValues(group, row));
    case 'totalHours':
      return batch.rows.map((row) => totalHourValues(group, row));
    case 'roomHours':
      return batch.rows.map((row) => roomHourValues(group, row));
  }
}

interface HourRow {
  hour: number;
  users: number;
  peak: number;
  minutes: number;
}

function hourRows(rows: readonly SqlRow[]): HourRow[] {
  return rows.map((row) => ({
    hour: Number(row.hour),
    users: Number(row.users),
    peak: Number(row.peak),
    minutes: Number(row.minutes),
  }));
}

const TOTAL_MINUTES = `SELECT minute, logged_in AS users, COALESCE(logged_in_peak, logged_in) AS peak
  FROM occupancy_total_minutes
  WHERE server_group = ? AND minute >= ? AND minute < ? AND logged_in IS NOT NULL ORDER BY minute`;

// A minute the totals know of, without a row for the room: nobody was in it.
const ROOM_MINUTES = `SELECT t.minute AS minute, COALESCE(r.users, 0) AS users, COALESCE(r.peak, 0) AS peak
  FROM occupancy_total_minutes t
  LEFT JOIN occupancy_room_minutes r ON r.server_group = t.server_group AND r.minute = t.minute AND r.room = ?
  WHERE t.server_group = ? AND t.minute >= ? AND t.minute < ? ORDER BY t.minute`;

const TOTAL_MINUTES_BY_HOUR = `SELECT minute / 60 AS hour, AVG(CAST(logged_in AS DOUBLE PRECISION)) AS users,
    MAX(COALESCE(logged_in_peak, logged_in)) AS peak, COUNT(*) AS minutes
  FROM occupancy_total_minutes
  WHERE server_group = ? AND minute >= ? AND minute < ? AND logged_in IS NOT NULL
  GROUP BY minute / 60 ORDER BY hour`;

const ROOM_MINUTES_BY_HOUR = `SELECT t.minute / 60 AS hour, AVG(CAST(COALESCE(r.users, 0) AS DOUBLE PRECISION)) AS users,
    MAX(COALESCE(r.peak, 0)) AS peak, COUNT(*) AS minutes
  FROM occupancy_total_minutes t
  LEFT JOIN occupancy_room_minutes r ON r.server_group = t.server_group AND r.minute = t.minute AND r.room = ?
  WHERE t.server_group = ? AND t.minute >= ? AND t.minute < ?
  GROUP BY t.minute / 60 ORDER BY hour`;

const TOTAL_HOURS = `SELECT hour, logged_in_avg AS users, logged_in_peak AS peak, minutes
  FROM occupancy_total_hours
  WHERE server_group = ? AND hour >= ? AND hour < ? AND logged_in_avg IS NOT NULL ORDER BY hour`;

const ROOM_HOURS = `SELECT t.hour AS hour, COALESCE(r.users_avg, 0) AS users, COALESCE(r.peak, 0) AS peak,
    t.minutes AS minutes
  FROM occupancy_total_hours t
  LEFT JOIN occupancy_room_hours r ON r.server_group = t.server_group AND r.hour = t.hour AND r.room = ?
  WHERE t.server_group = ? AND t.hour >= ? AND t.hour < ? ORDER BY t.hour`;

// The WHERE before ON CONFLICT keeps SQLite from reading the upsert as a join's ON.
const FOLD_TOTALS = `INSERT INTO occupancy_total_hours AS t
    (server_group, hour, minutes, logged_in_avg, logged_in_peak, connections_avg, connections_peak, rooms_peak)
  SELECT server_group, minute / 60, COUNT(*), AVG(CAST(logged_in AS DOUBLE PRECISION)), MAX(logged_in_peak),
         AVG(CAST(connections AS DOUBLE PRECISION)),
         MAX(connections_peak), MAX(rooms)
  FROM occupancy_total_minutes WHERE server_group = ? AND minute < ? GROUP BY server_group, minute / 60
  ON CONFLICT (server_group, hour) DO UPDATE SET
    minutes = excluded.minutes, logged_in_avg = excluded.logged_in_avg,
    logged_in_peak = excluded.logged_in_peak, connections_avg = excluded.connections_avg,
    connections_peak = excluded.connections_peak, rooms_peak = excluded.rooms_peak
  RETURNING hour`;

// A room's hourly average counts the minutes it had no row (nobody in it) as 0: the sum over the
// hour's minutes of totals (or over its own rows, should it have more).
const FOLD_ROOMS = `WITH per_hour AS (
    SELECT minute / 60 AS hour, COUNT(*) AS n FROM occupancy_total_minutes
    WHERE server_group = ? AND minute < ? GROUP BY minute / 60
  )
  INSERT INTO occupancy_room_hours AS t (server_group, hour, room, users_avg, peak)
  SELECT r.server_group, r.minute / 60, r.room,
         CAST(SUM(r.users) AS DOUBLE PRECISION) / (CASE WHEN MAX(COALESCE(p.n, 0)) > COUNT(*) THEN MAX(COALESCE(p.n, 0)) ELSE COUNT(*) END),
         MAX(r.peak)
  FROM occupancy_room_minutes r LEFT JOIN per_hour p ON p.hour = r.minute / 60
  WHERE r.server_group = ? AND r.minute < ? GROUP BY r.server_group, r.minute / 60, r.room
  ON CONFLICT (server_group, hour, room) DO UPDATE SET users_avg = excluded.users_avg, peak = excluded.peak`;

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
