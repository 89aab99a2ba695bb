import { nearest } from '../text/nearest.ts';

/** Below this, every candidate "contains" what was typed, and a suggestion would be noise. */
const SHORTEST_TYPED = 3;

/** ` (did you mean "broadcast"?)` when one candidate is close to what was typed, else nothing. */
export function didYouMean(typed: string, candidates: Iterable<string>): string {
  if (typed.length < SHORTEST_TYPED) return '';
  const [suggestion] = nearest(typed, candidates, { limit: 1 });
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}
