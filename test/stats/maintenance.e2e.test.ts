import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createRuntime, type Runtime } from '../../src/runtime/create-runtime.ts';
import { SQLITE_STATE_FILE_NAME } from '../../src/state/index.ts';
import { HOUR_MS, MINUTE_MS } from '../../src/stats/index.ts';
import { API_PASSWORD, configForEmulator } from '../e2e/harness.ts';

/**
 * The recorder's hourly maintenance, with `stats.retention` from the configuration reaching the
 * store: the runtime built from a configuration file's text, the recorder's clock injected
 * (RuntimeOptions.statsClock) and its hourly timer driven by fake intervals, in step. Nothing
 * else in the runtime uses setInterval, so only the maintenance timer is faked.
 */

/** 5 minutes past an hour, so that hours and minutes are easy to tell apart. */
const T0 = Date.UTC(2031, 2, 3, 10, 5, 0);
const minuteOf = (at: number) => Math.floor(at / MINUTE_MS);

interface Setup {
  folder: string;
  emulator: RunningEmulator;
  runtime: Runtime;
  /** One hour passes: the recorder's clock, and its timers (and the maintenance they start is done). */
  hourPasses(): Promise<void>;
  /** The minutes and hours held for room 1, as another reader of the state store's file sees them. */
  held(): { minutes: number[]; hours: number[] };
  /** What the runtime reported (stats failures are logged through it). */
  reports: string[];
}

const setups: Setup[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const setup of setups.splice(0)) {
    await setup.runtime.close();
    await setup.emulator.stop();
    await rm(setup.folder, { recursive: true, force: true });
  }
});

async function setUp(statsBlock: string): Promise<Setup> {
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-maintenance-'));
  const emulator = await startEmulator({
    port: 0,
    httpPort: 0,
    dataDir: join(folder, 'data'),
    password: API_PASSWORD,
    rooms: [{ id: 1, name: 'Lobby', max: 10 }],
  });
  emulator.state.join('default', 1, 'ann');
  await emulator.statusFilesWritten();
  const config = configForEmulator(
    `roles:\n  admin: { allow: ["*"] }\nbindings:\n  console: { role: admin }\n${statsBlock}`,
    emulator,
    folder,
  );
  let now = T0;
  const reports: string[] = [];
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  const runtime = await createRuntime(config, {
    secrets: [API_PASSWORD],
    report: (message) => reports.push(message),
    statsClock: () => now,
    // No "nothing changed" sample on a real minute boundary in the middle of a test: the test samples.
    statsSampleIntervalMs: 24 * HOUR_MS,
  });
  await runtime.recorder?.start();
  const path = join(config.state.dir, SQLITE_STATE_FILE_NAME);
  const setup: Setup = {
    folder,
    emulator,
    runtime,
    reports,
    async hourPasses() {
      now += HOUR_MS;
      vi.advanceTimersByTime(HOUR_MS);
      await runtime.recorder?.settled();
    },
    held() {
      const db = new Database(path, { readonly: true, fileMustExist: true });
      try {
        const column = (sql: string) => (db.prepare(sql).all() as Array<{ at: number }>).map((row) => row.at);
        return {
          minutes: column(
            "SELECT minute AS at FROM occupancy_room_minutes WHERE server_group = 'default' AND room = 1 ORDER BY minute",
          ),
          hours: column(
            "SELECT hour AS at FROM occupancy_room_hours WHERE server_group = 'default' AND room = 1 ORDER BY hour",
          ),
        };
      } finally {
        db.close();
      }
    },
  };
  setups.push(setup);
  return setup;
}

/** Samples at T0 (the start) and T0 + 1 h, then lets three hours pass; what was held after each. */
async function threeHours(setup: Setup) {
  const { recorder } = setup.runtime;
  if (recorder === undefined) throw new Error('the recorder is off');
  await recorder.settled();
  const atStart = setup.held();
  await setup.hourPasses();
  await recorder.sampleNow();
  const afterOne = setup.held();
  await setup.hourPasses();
  const afterTwo = setup.held();
  await setup.hourPasses();
  const afterThree = setup.held();
  expect(setup.reports).toEqual([]);
  return { atStart, afterOne, afterTwo, afterThree };
}

describe('the recorder’s hourly maintenance', () => {
  it('stats.retention: 2h: each hour, what is past 2 hours is deleted, and nothing younger', async () => {
    const setup = await setUp('stats: { retention: 2h }\n');
    const { atStart, afterOne, afterTwo, afterThree } = await threeHours(setup);
    const first = minuteOf(T0);
    const second = minuteOf(T0 + HOUR_MS);
    expect(atStart).toEqual({ minutes: [first], hours: [] });
    expect(afterOne).toEqual({ minutes: [first, second], hours: [] });
    // At T0 + 2 h the first sample's hour is not yet wholly past the retention.
    expect(afterTwo).toEqual({ minutes: [first, second], hours: [] });
    // At T0 + 3 h it is: folded out of the minutes, and its hour deleted; the second sample stays.
    expect(afterThree).toEqual({ minutes: [second], hours: [] });
  });

  it('no stats.retention (30 days): the same three hours keep every sample', async () => {
    const setup = await setUp('');
    const { afterThree } = await threeHours(setup);
    expect(afterThree).toEqual({ minutes: [minuteOf(T0), minuteOf(T0 + HOUR_MS)], hours: [] });
  });
});
