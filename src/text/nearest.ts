/**
 * "Did you mean …?": the candidates closest to what was typed, by edit distance, case-insensitive.
 * A candidate that starts with or contains the typed text counts as close whatever its length.
 */

/** Edits from one text to the other: insertions, deletions, substitutions, and swaps of two neighbours. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      // "stauts" is one slip away from "status", not two.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export interface NearestOptions {
  /** How many to return at most; default 3. */
  limit?: number;
  /** Farthest edit distance still worth suggesting; default a third of the typed length, at least 2. */
  maxDistance?: number;
}

export function nearest(typed: string, candidates: Iterable<string>, options: NearestOptions = {}): string[] {
  const wanted = typed.toLowerCase();
  const maxDistance = options.maxDistance ?? Math.max(2, Math.floor(wanted.length / 3));
  const scored: Array<{ candidate: string; score: number }> = [];
  for (const candidate of new Set(candidates)) {
    const lower = candidate.toLowerCase();
    const score = lower.includes(wanted) && wanted.length > 0 ? 0.5 : editDistance(wanted, lower);
    if (score <= maxDistance) scored.push({ candidate, score });
  }
  // At the same distance, a candidate as long as the typed text is the likelier one (a swap, not a letter dropped).
  const lengthGap = (candidate: string) => Math.abs(candidate.length - wanted.length);
  scored.sort(
    (x, y) =>
      x.score - y.score ||
      lengthGap(x.candidate) - lengthGap(y.candidate) ||
      x.candidate.localeCompare(y.candidate),
  );
  return scored.slice(0, options.limit ?? 3).map(({ candidate }) => candidate);
}
