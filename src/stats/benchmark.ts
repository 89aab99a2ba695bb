/**
 * Figures for `npm run bench` and the database size stated in the README, measured on generated
 * data: chart render time for 24 h of one-minute samples, the history's insert rate as the
 * recorder writes (one transaction per sample) into the SQLite state store, and the store's size
 * after 30 days of 50 rooms. Nothing here opens a socket; databases go to a temporary folder
 * removed afterwards.
 */

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type HistoryCounts,
  type OccupancySample,
  openSqliteConnection,
  runMigrations,
  type SeriesPoint,
  SQLITE_STATE_FILE_NAME,
  type SqlConnection,
  sqlStateStore,
} from '../state/index.ts';
import { DAY_MS, MINUTE_MS } from './durations.ts';
import { OccupancyHistory } from './occupancy-history.ts';
import { renderChart, renderChartSync } from './render-chart.ts';

/** A busy day's shape: quiet at night, a peak in the evening, some noise; deterministic. */
export function syntheticUsers(minuteOfDay: number, room: number, capacity = 100): number {
  const hour = minuteOfDay / 60;
  const daily = 0.5 - 0.5 * Math.cos(((hour - 3) / 24) * 2 * Math.PI);
  const noise = Math.sin(minuteOfDay * 0.37 + room * 1.7) * 0.08 + Math.sin(minuteOfDay * 0.05 + room) * 0.06;
  return Math.max(0, Math.min(capacity, Math.round(capacity * (0.85 * daily + noise + 0.05))));
}

/** 24 h of one-minute samples of one room, as `/chat stats <room> 24h` charts them. */
export function syntheticDay(
  end: number,
  capacity = 100,
): { from: number; to: number; points: SeriesPoint[] } {
  const from = end - DAY_MS;
  const first = Math.ceil(from / MINUTE_MS);
  const points: SeriesPoint[] = [];
  for (let minute = first; minute < first + 1440; minute += 1) {
    const users = syntheticUsers(minute % 1440, 1, capacity);
    points.push({
      at: minute * MINUTE_MS,
      spanMs: MINUTE_MS,
      users,
      peak: users + (minute % 7 === 0 ? 2 : 0),
    });
  }
  return { from, to: end, points };
}

export interface RenderBenchmark {
  /** Milliseconds per render (drawing and PNG encoding), in the order measured. */
  readonly samplesMs: readonly number[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly pngBytes: number;
  readonly points: number;
}

/**
 * Renders the 24 h chart of one-minute samples (1 440 points, capacity line) `iterations` times
 * after `warmup` renders. `sync: false` measures the asynchronous encoder the bot uses.
 */
export async function renderChartBenchmark(
  options: { iterations?: number; warmup?: number; sync?: boolean } = {},
): Promise<RenderBenchmark> {
  const iterations = options.iterations ?? 50;
  const day = syntheticDay(Date.UTC(2026, 10, 28, 18, 0));
  const input = { title: 'Lobby (1) · last 24 hours', ...day, capacity: 100, timeZone: 'UTC' };
  let png: Buffer = Buffer.alloc(0);
  const once = async () => {
    png = options.sync === true ? renderChartSync(input) : await renderChart(input);
  };
  for (let index = 0; index < (options.warmup ?? 5); index += 1) await once();
  const samplesMs: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const started = process.hrtime.bigint();
    await once();
    samplesMs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return {
    samplesMs,
    p50Ms: quantile(samplesMs, 0.5),
    p99Ms: quantile(samplesMs, 0.99),
    pngBytes: png.length,
    points: day.points.length,
  };
}

export interface InsertBenchmark {
  /** Samples written, each one transaction of `rooms + 1` rows (the totals and every room). */
  readonly samples: number;
  readonly rows: number;
  readonly elapsedMs: number;
  readonly samplesPerSecond: number;
  readonly rowsPerSecond: number;
}

/**
 * Writes `samples` full samples of `rooms` rooms, one transaction each, as the recorder does
 * (every sample in a new minute, so each is an insert, not an update), into a fresh SQLite store.
 */
export async function insertRateBenchmark(
  options: { rooms?: number; samples?: number } = {},
): Promise<InsertBenchmark> {
  const rooms = options.rooms ?? 50;
  const count = options.samples ?? 2_000;
  return withTemporaryStore(async ({ history }) => {
    const start = Date.UTC(2026, 10, 1);
    const samples = Array.from({ length: count }, (_, index) => fullSample(start + index * MINUTE_MS, rooms));
    const started = process.hrtime.bigint();
    for (const sample of samples) await history.record([sample]);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    const rows = count * (rooms + 1);
    return {
      samples: count,
      rows,
      elapsedMs,
      samplesPerSecond: (count / elapsedMs) * 1000,
      rowsPerSecond: (rows / elapsedMs) * 1000,
    };
  });
}

export interface HistorySize {
  readonly rooms: number;
  readonly days: number;
  /** The store's file (and its write-ahead log, checkpointed) after the last maintenance. */
  readonly bytes: number;
  /** The same after VACUUM: what the data itself takes. */
  readonly vacuumedBytes: number;
  readonly counts: HistoryCounts;
  readonly elapsedMs: number;
}

/**
 * The SQLite state store after `days` of one sample a minute for `rooms` rooms, every room
 * occupied every minute (the worst case: an empty room writes no row), with the hourly
 * maintenance run as it runs in operation and the default retention (30 days) and raw period
 * (48 h). Nothing else is in the store.
 */
export async function measureHistorySize(
  options: { rooms?: number; days?: number; maintainEveryHours?: number } = {},
): Promise<HistorySize> {
  const rooms = options.rooms ?? 50;
  const days = options.days ?? 30;
  const started = process.hrtime.bigint();
  return withTemporaryStore(async ({ history, connection, path }) => {
    await generateHistory(history, {
      rooms,
      days,
      end: Date.UTC(2026, 10, 28),
      maintainEveryHours: options.maintainEveryHours,
    });
    await connection.query('PRAGMA wal_checkpoint(TRUNCATE)');
    const bytes = sizeOnDisk(path);
    const counts = await history.counts();
    await connection.query('VACUUM');
    await connection.query('PRAGMA wal_checkpoint(TRUNCATE)');
    return {
      rooms,
      days,
      bytes,
      vacuumedBytes: sizeOnDisk(path),
      counts,
      elapsedMs: Number(process.hrtime.bigint() - started) / 1e6,
    };
  });
}

/**
 * Writes `days` of minute samples ending at `end` into `history`, an hour per write, running the
 * maintenance after each simulated hour (or every `maintainEveryHours`, quicker), as the recorder
 * would have, and once more at the end.
 */
export async function generateHistory(
  history: OccupancyHistory,
  options: {
    rooms: number;
    days: number;
    end: number;
    occupancy?: (minute: number, room: number) => number;
    maintainEveryHours?: number;
  },
): Promise<void> {
  const maintainEvery = Math.max(1, options.maintainEveryHours ?? 1);
  const occupancy = options.occupancy ?? ((minute, room) => syntheticUsers(minute % 1440, room));
  const firstMinute = Math.floor((options.end - options.days * DAY_MS) / MINUTE_MS);
  const lastMinute = Math.floor(options.end / MINUTE_MS);
  let hours = 0;
  for (let hourStart = firstMinute; hourStart < lastMinute; hourStart += 60) {
    const samples: OccupancySample[] = [];
    for (let minute = hourStart; minute < Math.min(hourStart + 60, lastMinute); minute += 1) {
      samples.push(fullSample(minute * MINUTE_MS, options.rooms, (room) => occupancy(minute, room)));
    }
    await history.record(samples);
    hours += 1;
    if (hours % maintainEvery === 0) await history.maintain(Math.min(hourStart + 60, lastMinute) * MINUTE_MS);
  }
  await history.maintain(lastMinute * MINUTE_MS);
}

function fullSample(
  at: number,
  rooms: number,
  users: (room: number) => number = (room) => syntheticUsers(Math.floor(at / MINUTE_MS) % 1440, room),
): OccupancySample {
  const byRoom = new Map<number, number>();
  let loggedIn = 0;
  for (let room = 1; room <= rooms; room += 1) {
    // Every room occupied: at least one user, so every room writes its row.
    const value = Math.max(1, users(room));
    byRoom.set(room, value);
    loggedIn += value;
  }
  return { at, totals: { loggedIn, connections: loggedIn, rooms }, rooms: byRoom };
}

interface TemporaryStore {
  readonly history: OccupancyHistory;
  readonly connection: SqlConnection;
  /** The store's file. */
  readonly path: string;
}

/** A fresh SQLite state store in a temporary folder, removed afterwards. */
async function withTemporaryStore<T>(work: (store: TemporaryStore) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(join(tmpdir(), 'flashchat-stats-bench-'));
  const path = join(folder, SQLITE_STATE_FILE_NAME);
  const connection = openSqliteConnection(path);
  try {
    await runMigrations(connection, path);
    const store = sqlStateStore('sqlite', path, connection);
    const history = new OccupancyHistory({ records: store.history, group: 'default', location: path });
    return await work({ history, connection, path });
  } finally {
    await connection.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A SQLite file's size on disk: the file and its write-ahead log. */
function sizeOnDisk(path: string): number {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    try {
      total += statSync(`${path}${suffix}`).size;
    } catch {
      // No write-ahead log right now.
    }
  }
  return total;
}

function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}
