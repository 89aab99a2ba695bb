import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatOpsConfig } from '../../src/config/index.ts';
import { type EmulatorRoomOption, type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createRuntime, type Runtime, stateStoreSettings } from '../../src/runtime/create-runtime.ts';
import { openStateStore } from '../../src/state/index.ts';
import { HOUR_MS, OccupancyHistory } from '../../src/stats/index.ts';
import { API_PASSWORD, configForEmulator, runConsoleLines } from '../e2e/harness.ts';

/**
 * The product on loopback for the occupancy history: the emulator (optionally with simulated
 * visitors), a configuration parsed as at start-up, the runtime (recording from the start), and
 * the console adapter. `restart()` closes the runtime and builds a new one on the same state
 * folder, as a restarted process would.
 */

export { API_PASSWORD };

export const STATS_CONFIG = `
roles:
  viewer: { allow: [status, who, help] }
  admin: { allow: ["*"] }
bindings:
  console: { role: admin }
  slack: { users: { U0ADMIN: admin, U0VIEW: viewer } }
alerts:
  capacities: { "2": 40 }
`;

export const ROOMS: EmulatorRoomOption[] = [
  { id: 1, name: 'Lobby', max: 100 },
  { id: 2, name: 'Music', max: 50 },
  { id: 3, name: 'Help Desk', max: 10 },
];

export interface StatsStackOptions {
  config?: string;
  rooms?: EmulatorRoomOption[];
  simulate?: { seed: number; eventsPerSecond: number };
  /** The recorder's "nothing changed" sample interval; default 1 minute. */
  sampleIntervalMs?: number;
  /** Where the bot reads status from; `dataApi`: the Data API only, polled every 50 ms. */
  source?: 'files' | 'dataApi';
}

export interface StatsStack {
  emulator: RunningEmulator;
  runtime: Runtime;
  config: ChatOpsConfig;
  folder: string;
  /** Everything the runtime reported (internal errors, alert and stats lines). */
  logs: string[];
  console(lines: readonly string[]): Promise<string>;
  /**
   * Waits until the status files show every change and the recorder has written them: the
   * database's latest value of every room and of the logged-in users is the emulator's. For a
   * chat that holds still (no simulated visitors).
   */
  recorded(): Promise<void>;
  restart(): Promise<Runtime>;
  close(): Promise<void>;
}

export async function startStatsStack(options: StatsStackOptions = {}): Promise<StatsStack> {
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-stats-'));
  const emulator = await startEmulator({
    port: 0,
    httpPort: 0,
    dataDir: join(folder, 'data'),
    password: API_PASSWORD,
    rooms: options.rooms ?? ROOMS,
    simulate: options.simulate ?? false,
  });
  const config =
    options.source === 'dataApi'
      ? configForEmulator(
          options.config ?? STATS_CONFIG,
          emulator,
          folder,
          join(folder, 'not-given-to-the-bot'),
          'dataApi',
        )
      : configForEmulator(options.config ?? STATS_CONFIG, emulator, folder);
  const logs: string[] = [];
  const build = () =>
    createRuntime(config, {
      secrets: [API_PASSWORD],
      report: (message) => logs.push(message),
      alertTuning: { watch: { debounceMs: 20 }, delivery: { backoffBaseMs: 20 }, roomRefreshMs: 50 },
      statsSampleIntervalMs: options.sampleIntervalMs,
      ...(options.source === 'dataApi' ? { statusPollIntervalMs: 50 } : {}),
    }).then(async (runtime) => {
      // One instance: the history is recorded from the start, as the leader would.
      await runtime.recorder?.start();
      return runtime;
    });

  const stack: StatsStack = {
    emulator,
    runtime: await build(),
    config,
    folder,
    logs,
    console: (lines) => runConsoleLines(stack.runtime, folder, lines),
    async recorded() {
      await emulator.statusFilesWritten();
      // The watch reports a change after its debounce window: wait for what it leads to, the
      // emulator's numbers in the state store, read through a connection of its own, as another
      // process would.
      const { state } = emulator;
      const group = config.server.group;
      const expected = new Map<number | undefined, number>([
        [undefined, state.counts(group).loggedIn],
        ...state
          .rooms(group)
          .map((room): [number, number] => [room.id, state.roomUsers(group, room.id).length]),
      ]);
      const { store } = await openStateStore(stateStoreSettings(config));
      try {
        const reader = new OccupancyHistory({ records: store.history, group, location: store.location });
        const latest = async (room: number | undefined) => {
          const now = Date.now();
          const points = await reader.series({
            room,
            from: now - HOUR_MS,
            to: now + 60_000,
            resolution: 'minute',
          });
          return points.at(-1)?.users ?? 0;
        };
        await waitUntil('the recorder to have written what the status files show', async () => {
          for (const [room, users] of expected) if ((await latest(room)) !== users) return false;
          return true;
        });
      } finally {
        await store.close();
      }
      await stack.runtime.recorder?.settled();
    },
    async restart() {
      await stack.runtime.close();
      stack.runtime = await build();
      return stack.runtime;
    },
    async close() {
      await stack.runtime.close();
      await emulator.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Polls `condition` every 10 ms; fails with `what` after `timeoutMs`. */
export async function waitUntil(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 8_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
