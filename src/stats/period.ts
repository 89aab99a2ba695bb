import { z } from 'zod';

/**
 * Periods as moderators type them: `30m`, `1h`, `24h`, `7d`, `2w` (minutes, hours, days, weeks).
 * Charts look back one period from now; the retention setting uses the same words.
 */

const MS_PER_UNIT: Readonly<Record<string, number>> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};
const UNIT_NAMES: Readonly<Record<string, string>> = { m: 'minute', h: 'hour', d: 'day', w: 'week' };
const PERIOD = /^([1-9][0-9]{0,5})\s*([mhdw])$/;

export const DEFAULT_PERIOD = '24h';
/** The shortest chart: fewer than 10 one-minute samples say nothing. */
export const MIN_PERIOD_MS = 10 * 60_000;
/** The longest chart and the longest retention: a year. */
export const MAX_PERIOD_MS = 366 * 86_400_000;

/** Milliseconds, or undefined when the text is not a period such as 1h, 24h or 7d. */
export function periodToMs(text: string): number | undefined {
  const match = PERIOD.exec(text.trim().toLowerCase());
  if (match === null) return undefined;
  const [, amount = '', unit = ''] = match;
  const ms = Number(amount) * (MS_PER_UNIT[unit] ?? Number.NaN);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** Whether a text is written like a period (whatever its length). */
export function looksLikePeriod(text: string): boolean {
  return periodToMs(text) !== undefined;
}

/** `24h` → `24 hours`; `1d` → `1 day`. */
export function describePeriod(text: string): string {
  const match = PERIOD.exec(text.trim().toLowerCase());
  if (match === null) return text;
  const [, amount = '', unit = ''] = match;
  const name = UNIT_NAMES[unit] ?? unit;
  return `${amount} ${name}${amount === '1' ? '' : 's'}`;
}

/** A duration in ms as a period word: 86_400_000 → `24h`, 604_800_000 → `1w`, 5_400_000 → `90m`. */
export function formatPeriod(ms: number): string {
  // Up to two days, hours read best (`24h`, `48h`).
  const hour = MS_PER_UNIT.h ?? 3_600_000;
  if (ms <= 48 * hour && ms >= hour && ms % hour === 0) return `${ms / hour}h`;
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const size = MS_PER_UNIT[unit] ?? 1;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.max(1, Math.round(ms / 60_000))}m`;
}

const NOT_A_PERIOD = 'must be written like 1h, 24h or 7d (m, h, d or w), from 10m to 366d';

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
