import { z } from 'zod';

import { DURATION_EXAMPLES, type DurationUnit, MS_PER_UNIT, readDuration } from '../time/duration.ts';

/**
 * Periods as moderators type them: any duration (src/time/duration.ts), `30m`, `24h`, `7d`, `2w`.
 * Charts look back one period from now; the retention setting uses the same words.
 */

const UNIT_NAMES: Readonly<Record<DurationUnit, string>> = {
  ms: 'millisecond',
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
};

export const DEFAULT_PERIOD = '24h';
/** The shortest chart: fewer than 10 one-minute samples say nothing. */
export const MIN_PERIOD_MS = 10 * MS_PER_UNIT.m;
/** The longest chart and the longest retention: a year. */
export const MAX_PERIOD_MS = 366 * MS_PER_UNIT.d;

/** Milliseconds, or undefined when the text is not a duration longer than nothing. */
export function periodToMs(text: string): number | undefined {
  const ms = readDuration(text)?.ms;
  return ms !== undefined && ms > 0 ? ms : undefined;
}

/** Whether a text is written like a period (whatever its length). */
export function looksLikePeriod(text: string): boolean {
  return periodToMs(text) !== undefined;
}

/** `24h` → `24 hours`; `1d` → `1 day`. */
export function describePeriod(text: string): string {
  const read = readDuration(text);
  if (read === undefined) return text;
  return `${read.amount} ${UNIT_NAMES[read.unit]}${read.amount === '1' ? '' : 's'}`;
}

/** A duration in ms as a period word: 86_400_000 → `24h`, 604_800_000 → `1w`, 5_400_000 → `90m`. */
export function formatPeriod(ms: number): string {
  // Up to two days, hours read best (`24h`, `48h`).
  const hour = MS_PER_UNIT.h;
  if (ms <= 48 * hour && ms >= hour && ms % hour === 0) return `${ms / hour}h`;
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const size = MS_PER_UNIT[unit];
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.max(1, Math.round(ms / 60_000))}m`;
}

const NOT_A_PERIOD = `must be a duration such as 1h, 24h or 7d (${DURATION_EXAMPLES}), from 10m to 366d`;

/** The `period` parameter of `/chat stats`: kept as typed (the audit log shows `7d`). */
export const periodValue = z
  .string({ error: NOT_A_PERIOD })
  .transform((text) => text.trim().toLowerCase())
  .refine(
    (text) => {
      const ms = periodToMs(text);
      return ms !== undefined && ms >= MIN_PERIOD_MS && ms <= MAX_PERIOD_MS;
    },
    { error: NOT_A_PERIOD },
  );
