import { type BenchOptions, type Figure, ms } from '../figure.ts';

const ROOMS = 50;

/**
 * Occupancy history (src/stats): the chart of 24 h of one-minute samples, and the database's
 * insert rate, measured by src/stats/benchmark.ts (owned with the charts, so it follows them).
 *
 * HOOK: loaded on demand. Where src/stats/benchmark.ts cannot be loaded (a checkout without the
 * charts, or one where they are half-way through a change), the table says so in one row instead
 * of failing the whole run.
 */
export async function statsFigures(options: BenchOptions): Promise<Figure[]> {
  let stats: typeof import('../../src/stats/benchmark.ts');
  try {
    stats = await import('../../src/stats/benchmark.ts');
  } catch (error) {
    return [
      {
        name: 'chart render, 24 h of one-minute samples',
        measured: 'not measured: src/stats/benchmark.ts could not be loaded',
        reference: '',
        value: Number.NaN,
        target: 'p50 <= 50 ms',
        met: false,
        details: { error: error instanceof Error ? error.message : String(error) },
      },
    ];
  }

  const render = await stats.renderChartBenchmark({
    iterations: options.quick ? 10 : 100,
    warmup: options.quick ? 3 : 10,
  });
  const insert = await stats.insertRateBenchmark({ rooms: ROOMS, samples: options.quick ? 200 : 2_000 });
  return [
    {
      name: `chart render, 24 h of one-minute samples (${render.points} points, PNG)`,
      measured: `p50 ${ms(render.p50Ms)}, p99 ${ms(render.p99Ms)}`,
      reference: `PNG ${(render.pngBytes / 1024).toFixed(0)} KiB`,
      value: render.p50Ms,
      target: 'p50 <= 50 ms',
      met: render.p50Ms <= 50,
      details: {
        iterations: render.samplesMs.length,
        p50Ms: render.p50Ms,
        p99Ms: render.p99Ms,
        points: render.points,
      },
    },
    {
      name: `occupancy DB insert rate (${ROOMS} rooms, one transaction a sample)`,
      measured: `${insert.samplesPerSecond.toFixed(0)} samples/s (${insert.rowsPerSecond.toFixed(0)} rows/s)`,
      reference: `${insert.samples} samples, ${insert.rows} rows`,
      value: insert.samplesPerSecond,
      target: 'reported',
      met: true,
      details: { ...insert },
    },
  ];
}
