import type { PairedRatio } from './stats.ts';

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

/**
 * "p99 ratio 1.04 (median of 12 rounds; pooled 1.31)": a burst figure is judged round by round
 * (bench/stats.ts pairedP99Ratio says why); the ratio of the p99s over every round is shown too.
 */
export function describePairedRatio(paired: PairedRatio): string {
  return `p99 ratio ${paired.median.toFixed(2)} (median of ${paired.perRound.length} rounds; pooled ${paired.pooled.toFixed(2)})`;
}

/** The same ratios, for a burst figure's JSON details. */
export function pairedRatioDetails(paired: PairedRatio): Record<string, unknown> {
  return { p99Ratio: paired.median, p99RatioByRound: paired.perRound, p99RatioPooled: paired.pooled };
}
