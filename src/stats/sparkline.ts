import type { SeriesPoint } from '../state/index.ts';

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

export const SPARKLINE_WIDTH = 48;

/**
 * The series in one line of text for a terminal: the period cut into `width` equal slices, each
 * the average users of its samples as one of ▁▂▃▄▅▆▇█ (▁ is 0, █ the highest slice), a space
 * where nothing was recorded.
 */
export function sparkline(
  points: readonly SeriesPoint[],
  from: number,
  to: number,
  width = SPARKLINE_WIDTH,
): string {
  const span = Math.max(1, to - from);
  const sums = new Array<number>(width).fill(0);
  const counts = new Array<number>(width).fill(0);
  for (const point of points) {
    const middle = point.at + point.spanMs / 2;
    const slot = Math.min(width - 1, Math.max(0, Math.floor(((middle - from) / span) * width)));
    sums[slot] = (sums[slot] ?? 0) + point.users;
    counts[slot] = (counts[slot] ?? 0) + 1;
  }
  const averages = sums.map((sum, slot) => {
    const count = counts[slot] ?? 0;
    return count === 0 ? undefined : sum / count;
  });
  const highest = Math.max(0, ...averages.map((value) => value ?? 0));
  return averages
    .map((value) => {
      if (value === undefined) return ' ';
      if (highest === 0) return BARS[0];
      const level = Math.round((value / highest) * (BARS.length - 1));
      return BARS[Math.min(BARS.length - 1, Math.max(0, level))];
    })
    .join('');
}
