import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { createRuntime, type Runtime } from '../../src/runtime/create-runtime.ts';
import { HOUR_MS, MINUTE_MS, type OccupancySample } from '../../src/stats/index.ts';
import { API_PASSWORD, configForEmulator, runConsoleLines } from '../e2e/harness.ts';
import { startEmulatorIn } from '../helpers/loopback-emulator.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { LegacyOccupancyStore } from './legacy-occupancy-store.ts';

/**
 * The upgrade from a release that kept the history in its own file: a state folder with the
 * occupancy.sqlite that release wrote (by its own code), then the bot started on the state store
 * (SQLite or PostgreSQL) as `npm start` builds it. The history before the upgrade is charted; a
 * restart does not import again; the old file stays where it was.
 */

const CONFIG = `
roles: { admin: { allow: ["*"] } }
bindings: { console: { role: admin } }
`;

interface Setup {
  folder: string;
  emulator: RunningEmulator;
  runtimes: Runtime[];
  cleanups: Array<() => Promise<void>>;
}

const setups: Setup[] = [];
afterEach(async () => {
  for (const setup of setups.splice(0)) {
    for (const runtime of setup.runtimes) await runtime.close();
    await setup.emulator.stop();
    for (const cleanup of setup.cleanups) await cleanup();
    await rm(setup.folder, { recursive: true, force: true });
  }
});

async function setUp(): Promise<Setup> {
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-upgrade-history-'));
  const emulator = await startEmulatorIn(folder, API_PASSWORD, [{ id: 1, name: 'Lobby', max: 100 }]);
  const setup: Setup = { folder, emulator, runtimes: [], cleanups: [] };
  setups.push(setup);
  return setup;
}

/** The last three hours before the upgrade, as the old release recorded them: Lobby peaked at 17. */
function writeOldFile(path: string, now: number): { minutes: number } {
  const old = new LegacyOccupancyStore(path);
  const samples: OccupancySample[] = [];
  const first = Math.floor((now - 3 * HOUR_MS) / MINUTE_MS);
  const last = Math.floor((now - 10 * MINUTE_MS) / MINUTE_MS);
  for (let minute = first; minute <= last; minute += 1) {
    const users = minute === first + 90 ? 17 : 5;
    samples.push({
      at: minute * MINUTE_MS,
      totals: { loggedIn: users, connections: users, rooms: 1 },
      rooms: new Map([[1, users]]),
    });
  }
  old.recordMany(samples);
  old.close();
  return { minutes: samples.length };
}

async function start(setup: Setup, config: ReturnType<typeof configForEmulator>, logs: string[]) {
  const runtime = await createRuntime(config, {
    secrets: [API_PASSWORD],
    report: (message) => logs.push(message),
  });
  setup.runtimes.push(runtime);
  return runtime;
}

async function stop(setup: Setup, runtime: Runtime): Promise<void> {
  setup.runtimes.splice(setup.runtimes.indexOf(runtime), 1);
  await runtime.close();
}

describe.each(['sqlite', 'postgres'] as const)(
  'upgrading a state folder with occupancy.sqlite (%s store)',
  (kind) => {
    it('imports the old history once, charts it, says so in one line, and leaves the file', async () => {
      const setup = await setUp();
      let config = configForEmulator(CONFIG, setup.emulator, setup.folder);
      if (kind === 'postgres') {
        const database = await freshDatabase();
        setup.cleanups.push(() => database.drop());
        config = configForEmulator(
          `${CONFIG}state: { store: postgres }\n`,
          setup.emulator,
          setup.folder,
          undefined,
          'auto',
          {
            CHATOPS_DATABASE_URL: database.url,
          },
        );
      }
      const oldFile = join(config.state.dir, 'occupancy.sqlite');
      const { minutes } = writeOldFile(oldFile, Date.now());

      const logs: string[] = [];
      const runtime = await start(setup, config, logs);
      const imported = logs.filter((line) => line.startsWith('stats: imported'));
      expect(imported).toHaveLength(1);
      expect(imported[0]).toBe(
        `stats: imported the old occupancy history ${oldFile} into the state store (${runtime.state.location}): ${minutes} minutes and 0 hours of totals, ${minutes} room minutes and 0 room hours; ${oldFile} is left in place, no longer used (it may be deleted)`,
      );
      expect(runtime.state.location).not.toContain(API_PASSWORD);
      expect(logs.filter((line) => line.startsWith('stats:'))).toHaveLength(1);
      const out = await runConsoleLines(runtime, setup.folder, ['/chat stats Lobby 6h']);
      expect(out).toContain('Occupancy: Lobby (1), last 6 hours');
      expect(out).toMatch(/Peak\s+17 at /);
      expect(existsSync(oldFile)).toBe(true);

      // A restart: nothing imported again, nothing said, the history as it was.
      await stop(setup, runtime);
      const later: string[] = [];
      const restarted = await start(setup, config, later);
      expect(later.filter((line) => line.startsWith('stats:'))).toEqual([]);
      expect(await restarted.state.history.counts(config.server.group)).toEqual({
        totalMinutes: minutes,
        roomMinutes: minutes,
        totalHours: 0,
        roomHours: 0,
      });
      expect(await runConsoleLines(restarted, setup.folder, ['/chat stats Lobby 6h'])).toMatch(
        /Peak\s+17 at /,
      );
    });
  },
);

describe('stats.path in a configuration of an earlier release', () => {
  it('still starts: the file it names is imported, and the log says the setting is deprecated', async () => {
    const setup = await setUp();
    const config = configForEmulator(
      `${CONFIG}stats: { path: ./old-history/occupancy.sqlite }\n`,
      setup.emulator,
      setup.folder,
    );
    const oldFile = join(setup.folder, 'old-history', 'occupancy.sqlite');
    expect(config.stats.path).toBe(oldFile);
    const { minutes } = writeOldFile(oldFile, Date.now());
    const logs: string[] = [];
    const runtime = await start(setup, config, logs);
    expect(logs).toContain(
      `stats: stats.path (${oldFile}) is deprecated: the history is kept in the state store; the file is only read once, to import the history an earlier release kept there`,
    );
    expect(logs).toContainEqual(
      expect.stringMatching(/^stats: imported the old occupancy history .+old-history/),
    );
    expect((await runtime.state.history.counts(config.server.group)).totalMinutes).toBe(minutes);
    // The default place is not looked at when stats.path names another.
    expect(existsSync(join(config.state.dir, 'occupancy.sqlite'))).toBe(false);
  });
});
