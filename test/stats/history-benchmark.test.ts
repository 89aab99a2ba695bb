import { describe, expect, it } from 'vitest';
import { insertRateBenchmark, measureHistorySize } from '../../src/stats/benchmark.ts';

/** The benchmark's helpers over the SQLite state store: the insert rate, and the size the history takes. */
describe('the occupancy history’s figures (SQLite state store)', () => {
  it('the insert-rate helper writes full samples, one transaction each, and reports the rate it measured', async () => {
    // The rate itself is a figure of `npm run bench` (bench/figures/stats-charts.ts), not a test threshold.
    const rate = await insertRateBenchmark({ rooms: 50, samples: 200 });
    expect(rate).toMatchObject({ samples: 200, rows: 200 * 51 });
    expect(Number.isFinite(rate.samplesPerSecond) && Number.isFinite(rate.rowsPerSecond)).toBe(true);
  });

  it('30 days of 50 rooms, every room occupied every minute, stay a few megabytes', async () => {
    // Maintenance every 6 simulated hours instead of every hour, to keep this test quick; the
    // README's figure comes from the same helper with hourly maintenance.
    const size = await measureHistorySize({ rooms: 50, days: 30, maintainEveryHours: 6 });
    expect(size.counts).toEqual({
      totalMinutes: 2880,
      roomMinutes: 144_000,
      totalHours: 672,
      roomHours: 33_600,
    });
    expect(size.bytes).toBeLessThan(12 * 1024 * 1024);
    expect(size.vacuumedBytes).toBeLessThan(11 * 1024 * 1024);
    process.stdout.write(
      `occupancy history in the state store, 30 days of 50 rooms: ${(size.bytes / 1048576).toFixed(2)} MiB (${(size.vacuumedBytes / 1048576).toFixed(2)} MiB vacuumed)\n`,
    );
  }, 60_000);
});
