import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../src/runtime/create-runtime.ts';
import { HOUR_MS } from '../../src/stats/index.ts';
import { API_PASSWORD, configForEmulator, runConsoleLines } from '../e2e/harness.ts';
import { startEmulatorIn } from '../helpers/loopback-emulator.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { waitUntil } from './stats-stack.ts';

/**
 * Two instances on one PostgreSQL: one records (the leader's work, started here by hand), the
 * other does not, and draws the same history in its charts.
 */

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the occupancy history shared through PostgreSQL', () => {
  it('what the recording instance writes, the other one charts', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'flashchat-shared-history-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const database = await freshDatabase();
    cleanups.push(() => database.drop());
    const emulator = await startEmulatorIn(folder, API_PASSWORD, [{ id: 1, name: 'Lobby', max: 100 }]);
    cleanups.push(() => emulator.stop());
    const instance = async (name: string): Promise<Runtime> => {
      const config = configForEmulator(
        'roles: { admin: { allow: ["*"] } }\nbindings: { console: { role: admin } }\nstate: { store: postgres }\n',
        emulator,
        join(folder, name),
        join(folder, 'data'),
        'auto',
        { CHATOPS_DATABASE_URL: database.url },
      );
      const runtime = await createRuntime(config, {
        secrets: [API_PASSWORD, database.url],
        report: () => {},
        alertTuning: { watch: { debounceMs: 20 } },
      });
      cleanups.push(() => runtime.close());
      return runtime;
    };
    const recording = await instance('a');
    const charting = await instance('b');
    await recording.recorder?.start();
    expect(charting.recorder?.running).toBe(false);

    for (const user of ['ann', 'bob', 'cat']) emulator.state.join('default', 1, user);
    await emulator.statusFilesWritten();
    await waitUntil('the other instance to chart what the first recorded', async () => {
      const chart = await charting.stats.chart({ room: { id: 1 }, periodMs: HOUR_MS });
      return chart.latest === 3;
    });
    const out = await runConsoleLines(charting, join(folder, 'b'), ['/chat stats Lobby 1h']);
    expect(out).toMatch(/Peak\s+3 at /);
    expect(out).toMatch(/Latest\s+3/);
    expect(charting.recorder?.samplesRecorded).toBe(0);
  });
});
