/**
 * A point in time as people type it to look back from: a duration ago (`24h`, `7d`: the durations
 * of duration.ts) or a date in ISO 8601, `2026-11-28` (midnight UTC) or `2026-11-28T18:30`,
 * `2026-11-28T18:30:00Z`, `2026-11-28T19:30+01:00` (UTC unless an offset is given, as the audit
 * log writes its times).
 */

import { DURATION_EXAMPLES, readDuration } from './duration.ts';

export type PointInTime =
  | { readonly kind: 'ago'; readonly ms: number }
  | { readonly kind: 'at'; readonly ms: number };

/** Shown after "must be": what a point in time looks like. */
export const POINT_IN_TIME_EXAMPLES = `a duration back from now (${DURATION_EXAMPLES}) or a date such as 2026-11-28 or 2026-11-28T18:30Z`;

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/i;

/** The point a text names, or undefined when it names none (a zero duration, 2026-02-30, a bare number). */
export function readPointInTime(text: string): PointInTime | undefined {
  const trimmed = text.trim();
  const duration = readDuration(trimmed);
  if (duration !== undefined) return duration.ms > 0 ? { kind: 'ago', ms: duration.ms } : undefined;
  const match = ISO_DATE.exec(trimmed);
  if (match === null) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0', offset] = match;
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = fields;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, Number(fraction.padEnd(3, '0')));
  const back = new Date(utc);
  // Date.UTC rolls 2026-02-30 over into March: such a date is refused, not moved.
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return undefined;
  return { kind: 'at', ms: utc - offsetMs(offset) };
}

/** Milliseconds since the epoch, counting back from `now` for a duration. */
export function pointInTimeMs(point: PointInTime, now: number): number {
  return point.kind === 'ago' ? now - point.ms : point.ms;
}

function offsetMs(offset: string | undefined): number {
  if (offset === undefined || offset.toUpperCase() === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours = 0, minutes = 0] = offset.slice(1).split(':').map(Number);
  return sign * (hours * 60 + minutes) * 60_000;
}
