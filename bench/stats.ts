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

/** One round of burstsInTurn: each side's samples. */
export interface BurstRound {
  measured: number[];
  reference: number[];
}

/**
 * Bursts of the measured task and of its reference, taking turns round by round, each burst after
 * settleBeforeBurst: every round's samples, together and by round. In each round each side runs
 * two bursts in a row, and which side goes first alternates (AABB, BBAA, ...): a burst that follows
 * the other side's is slower than one that follows its own (its data is no longer in the caches;
 * seen with one burst each, ABBA...: the round's second burst ~35% slower, whichever app), and
 * this way each side has one of each in every round.
 */
export async function burstsInTurn(
  rounds: number,
  settleMs: number,
  measured: () => Promise<number[]>,
  reference: () => Promise<number[]>,
): Promise<{ measured: number[]; reference: number[]; rounds: BurstRound[] }> {
  const byRound: BurstRound[] = [];
  const twoBursts = async (task: () => Promise<number[]>) => {
    const samples: number[] = [];
    for (let burst = 0; burst < 2; burst += 1) {
      await settleBeforeBurst(settleMs);
      samples.push(...(await task()));
    }
    return samples;
  };
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      const measuredSamples = await twoBursts(measured);
      byRound.push({ measured: measuredSamples, reference: await twoBursts(reference) });
    } else {
      const referenceSamples = await twoBursts(reference);
      byRound.push({ measured: await twoBursts(measured), reference: referenceSamples });
    }
  }
  return {
    measured: byRound.flatMap((round) => round.measured),
    reference: byRound.flatMap((round) => round.reference),
    rounds: byRound,
  };
}

/** A burst figure's p99 ratio: per round (the bursts of a round run back to back), and their median. */
export interface PairedRatio {
  median: number;
  perRound: number[];
  /** The ratio of the p99s over every round's samples together, shown beside the median. */
  pooled: number;
}

/**
 * The p99 ratio of each round's two bursts, and the median over the rounds. Pooled over every
 * round, the p99 is the tail of the one or two slowest bursts of the whole run, whichever app a
 * stall of this machine happened to hit (Discord, three runs of the same code: 0.62, 1.15 and
 * 1.59). Within a round both sides meet the same state of the machine, and the median says what
 * a burst typically costs; a systematic slowdown moves it as much as it moves the pooled one.
 */
export function pairedP99Ratio(rounds: readonly BurstRound[]): PairedRatio {
  const perRound = rounds.map((round) => summarise(round.measured).p99 / summarise(round.reference).p99);
  const all = (side: 'measured' | 'reference') => rounds.flatMap((round) => round[side]);
  return {
    median: median(perRound),
    perRound,
    pooled: summarise(all('measured')).p99 / summarise(all('reference')).p99,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}
