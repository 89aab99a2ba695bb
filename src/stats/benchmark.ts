/**
 * Figures for `npm run bench` and the database size stated in the README, measured on generated
 * data: chart render time for 24 h of one-minute samples, the database's insert rate as the
 * recorder writes (one transaction per sample), and the file's size after 30 days of 50 rooms.
 * Nothing here opens a socket; databases go to a temporary folder removed afterwards.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS, MINUTE_MS } from './durations.ts';
import {
  type OccupancySample,
  OccupancyStore,
  type SeriesPoint,
  type StoreCounts,
} from './occupancy-store.ts';
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
 * (every sample in a new minute, so each is an insert, not an update), into a fresh database.
 */
export function insertRateBenchmark(options: { rooms?: number; samples?: number } = {}): InsertBenchmark {
  const rooms = options.rooms ?? 50;
  const count = options.samples ?? 2_000;
  return withTemporaryStore({}, (store) => {
    const start = Date.UTC(2026, 10, 1);
    const samples = Array.from({ length: count }, (_, index) => fullSample(start + index * MINUTE_MS, rooms));
    const started = process.hrtime.bigint();
    for (const sample of samples) store.record(sample);
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
  /** The file (and its write-ahead log, emptied by the last maintenance) after the last maintenance. */
  readonly bytes: number;
  /** The same after VACUUM: what the data itself takes. */
  readonly vacuumedBytes: number;
  readonly counts: StoreCounts;
  readonly elapsedMs: number;
}

/**
 * The database after `days` of one sample a minute for `rooms` rooms, every room occupied every
 * minute (the worst case: an empty room writes no row), with the hourly maintenance run as it
 * runs in operation and the default retention (30 days) and raw period (48 h).
 */
export function measureHistorySize(
  options: { rooms?: number; days?: number; path?: string; maintainEveryHours?: number } = {},
): HistorySize {
  const rooms = options.rooms ?? 50;
  const days = options.days ?? 30;
  const started = process.hrtime.bigint();
  const measure = (store: OccupancyStore): HistorySize => {
    generateHistory(store, {
      rooms,
      days,
      end: Date.UTC(2026, 10, 28),
      maintainEveryHours: options.maintainEveryHours,
    });
    const bytes = store.sizeBytes();
    const counts = store.counts();
    store.vacuum();
    return {
      rooms,
      days,
      bytes,
      vacuumedBytes: store.sizeBytes(),
      counts,
      elapsedMs: Number(process.hrtime.bigint() - started) / 1e6,
    };
  };
  if (options.path === undefined) return withTemporaryStore({}, measure);
  const store = new OccupancyStore(options.path);
  try {
    return measure(store);
  } finally {
    store.close();
  }
}

/**
 * Writes `days` of minute samples ending at `end` into `store`, an hour per transaction, running
 * the store's maintenance after each simulated hour (or every `maintainEveryHours`, quicker), as
 * the recorder would have, and once more at the end.
 */
export function generateHistory(
  store: OccupancyStore,
  options: {
    rooms: number;
    days: number;
    end: number;
    occupancy?: (minute: number, room: number) => number;
    maintainEveryHours?: number;
  },
): void {
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
    store.recordMany(samples);
    hours += 1;
    if (hours % maintainEvery === 0) store.maintain(Math.min(hourStart + 60, lastMinute) * MINUTE_MS);
  }
  store.maintain(lastMinute * MINUTE_MS);
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

function withTemporaryStore<T>(options: { retentionMs?: number }, work: (store: OccupancyStore) => T): T {
  const folder = mkdtempSync(join(tmpdir(), 'flashchat-stats-bench-'));
  const store = new OccupancyStore(join(folder, 'occupancy.sqlite'), options);
  try {
    return work(store);
  } finally {
    store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}
