/**
 * Durations as people type them, in a command or in the configuration: an amount and a unit,
 * `500ms`, `90s`, `30m`, `2h`, `1d`, `2w`, a decimal amount too (`1.5h`), in any case, with or
 * without a space between. Every duration a user types goes through here, so `/chat stats 7d`,
 * `/chat alerts mute busy 1d` and `cooldowns: { broadcast: 10s }` take the same units.
 */

export const DURATION_UNITS = ['ms', 's', 'm', 'h', 'd', 'w'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export const MS_PER_UNIT: Readonly<Record<DurationUnit, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Shown after "expected": what a duration looks like. */
export const DURATION_EXAMPLES = '500ms, 90s, 30m, 2h, 1d or 2w';

export interface ReadDuration {
  /** The amount as typed, e.g. `1.5`. */
  readonly amount: string;
  readonly unit: DurationUnit;
  /** Whole milliseconds. */
  readonly ms: number;
}

const WRITTEN = /^(\d{1,9}(?:\.\d{1,3})?)\s*(ms|s|m|h|d|w)$/;

/** The duration a text is, or undefined when it is not one (a bare number has no unit: not one). */
export function readDuration(text: string): ReadDuration | undefined {
  const match = WRITTEN.exec(text.trim().toLowerCase());
  if (match === null) return undefined;
  const [, amount = '', unit = ''] = match;
  const ms = Math.round(Number(amount) * MS_PER_UNIT[unit as DurationUnit]);
  return Number.isSafeInteger(ms) ? { amount, unit: unit as DurationUnit, ms } : undefined;
}

/** Milliseconds, or undefined when the text is not a duration. */
export function durationMs(text: string): number | undefined {
  return readDuration(text)?.ms;
}
