/**
 * A small seeded pseudo-random generator (mulberry32) for the simulated visitors: the same seed
 * gives the same sequence on every platform, which is what makes the simulation replayable in tests.
 * Not for anything security-related.
 */

/** Returns a number in [0, 1). */
export type Prng = () => number;

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A whole number in [min, max]. */
export function randomInt(prng: Prng, min: number, max: number): number {
  return min + Math.floor(prng() * (max - min + 1));
}

export function pickOne<T>(prng: Prng, items: readonly T[]): T | undefined {
  if (items.length === 0) return undefined;
  return items[Math.floor(prng() * items.length)];
}

/** Picks a key with probability proportional to its weight; undefined when every weight is 0. */
export function pickWeighted<K extends string>(
  prng: Prng,
  weights: Readonly<Record<K, number>>,
): K | undefined {
  const entries = (Object.entries(weights) as Array<[K, number]>).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  if (total === 0) return undefined;
  let point = prng() * total;
  for (const [key, weight] of entries) {
    point -= weight;
    if (point < 0) return key;
  }
  return entries.at(-1)?.[0];
}
