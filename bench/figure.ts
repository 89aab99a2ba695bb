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
