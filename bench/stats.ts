/** Latency samples in milliseconds, summarised the way the benchmark table reports them. */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  mean: number;
}

export function summarise(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50: Number.NaN, p99: Number.NaN, mean: Number.NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (quantile: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] ?? Number.NaN;
  return {
    count: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  };
}

/** Milliseconds taken by `task`, measured with the monotonic clock. */
export async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Runs the measured task and its reference alternately, so that a noisy machine slows both
 * alike and their ratio holds.
 */
export async function interleaved(
  iterations: number,
  measured: () => Promise<unknown>,
  reference: () => Promise<unknown>,
): Promise<{ measured: number[]; reference: number[] }> {
  const result = { measured: [] as number[], reference: [] as number[] };
  for (let index = 0; index < iterations; index += 1) {
    if (index % 2 === 0) {
      result.measured.push(await timed(measured));
      result.reference.push(await timed(reference));
    } else {
      result.reference.push(await timed(reference));
      result.measured.push(await timed(measured));
    }
  }
  return result;
}

/**
 * Like `interleaved`, for tasks that time themselves (e.g. the part of a request before its
 * answer) and may do untimed work after, such as waiting for the work an answer set off.
 */
export async function alternated(
  iterations: number,
  measured: () => Promise<number>,
  reference: () => Promise<number>,
): Promise<{ measured: number[]; reference: number[] }> {
  const result = { measured: [] as number[], reference: [] as number[] };
  for (let index = 0; index < iterations; index += 1) {
    if (index % 2 === 0) {
      result.measured.push(await measured());
      result.reference.push(await reference());
    } else {
      result.reference.push(await reference());
      result.measured.push(await measured());
    }
  }
  return result;
}

/** Resolves once `done()` holds, checking every `everyMs`; rejects after `timeoutMs` naming `what`. */
export async function until(
  done: () => boolean,
  what: string,
  timeoutMs = 30_000,
  everyMs = 2,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Before a burst: a full collection when the bench runs with --expose-gc (npm run bench does), so
 * no burst inherits the garbage of the one before it (which may be the other app's), then a pause.
 * A burst's own collections still count against it.
 */
export async function settleBeforeBurst(pauseMs: number): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, pauseMs));
}

/**
 * Bursts of the measured task and of its reference, taking turns round by round (which goes
 * first alternates), each after settleBeforeBurst: every round's samples, together.
 */
export async function burstsInTurn(
  rounds: number,
  settleMs: number,
  measured: () => Promise<number[]>,
  reference: () => Promise<number[]>,
): Promise<{ measured: number[]; reference: number[] }> {
  const result = { measured: [] as number[], reference: [] as number[] };
  const burst = async (task: () => Promise<number[]>, into: number[]) => {
    await settleBeforeBurst(settleMs);
    into.push(...(await task()));
  };
  for (let round = 0; round < rounds; round += 1) {
    const measuredFirst = round % 2 === 0;
    await (measuredFirst ? burst(measured, result.measured) : burst(reference, result.reference));
    await (measuredFirst ? burst(reference, result.reference) : burst(measured, result.measured));
  }
  return result;
}
