import { type BurstRound, pairedP99Ratio, summarise } from './stats.ts';

/** One row of the benchmark table: a figure, its reference measured in the same run, its target. */
export interface Figure {
  name: string;
  /** e.g. "p50 0.42 ms, p99 0.90 ms" */
  measured: string;
  reference: string;
  /** The value compared with the target, e.g. the p50 ratio. */
  value: number;
  target: string;
  met: boolean;
  details: Record<string, unknown>;
}

export interface BenchOptions {
  quick: boolean;
}

export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

/** "p50 0.42 ms, p99 0.90 ms" */
export function latency(summary: { p50: number; p99: number }): string {
  return `p50 ${ms(summary.p50)}, p99 ${ms(summary.p99)}`;
}

/** The target of every burst figure, judged on the median over rounds of each round's p99 ratio. */
const BURST_P99_RATIO_TARGET = 1.2;

/**
 * A burst figure: the measured app's and the reference's latencies over every round, and the p99
 * ratio judged round by round (bench/stats.ts pairedP99Ratio says why), shown as "p99 ratio 1.04
 * (median of 12 rounds; pooled 1.31)": the ratio of the p99s over every round is shown too.
 */
export function burstFigure(burst: {
  name: string;
  /** What the reference is, e.g. "bare Bolt app". */
  referenceName: string;
  measured: readonly number[];
  reference: readonly number[];
  rounds: readonly BurstRound[];
  details: Record<string, unknown>;
}): Figure {
  const ours = summarise(burst.measured);
  const bare = summarise(burst.reference);
  const paired = pairedP99Ratio(burst.rounds);
  return {
    name: burst.name,
    measured: `${latency(ours)}; p99 ratio ${paired.median.toFixed(2)} (median of ${paired.perRound.length} rounds; pooled ${paired.pooled.toFixed(2)})`,
    reference: `${burst.referenceName} ${latency(bare)}`,
    value: paired.median,
    target: `p99 ratio <= ${BURST_P99_RATIO_TARGET}`,
    met: paired.median <= BURST_P99_RATIO_TARGET,
    details: {
      ...burst.details,
      ours,
      bare,
      p99Ratio: paired.median,
      p99RatioByRound: paired.perRound,
      p99RatioPooled: paired.pooled,
    },
  };
}
