import { z } from 'zod';
import { valueIsNot } from './value-text.ts';

/** Durations as people write them in a config file: `500ms`, `10s`, `2m`, `1h`, or a bare number of seconds. */

const MS_PER_SECOND = 1_000;
const MS_PER_UNIT: ReadonlyMap<string, number> = new Map([
  ['ms', 1],
  ['s', MS_PER_SECOND],
  ['m', 60 * MS_PER_SECOND],
  ['h', 3_600 * MS_PER_SECOND],
]);
const WRITTEN_DURATION = /^(\d+(?:\.\d+)?)([a-z]+)$/;
const BARE_SECONDS = /^\d+(?:\.\d+)?$/;

/** Milliseconds, rounded to a whole number; undefined when the value is not a duration. */
export function durationToMs(value: number | string): number | undefined {
  const ms = Math.round(unroundedMs(value));
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : undefined;
}

function unroundedMs(value: number | string): number {
  if (typeof value === 'number') return value * MS_PER_SECOND;
  const text = value.trim();
  if (BARE_SECONDS.test(text)) return Number(text) * MS_PER_SECOND;
  const [, amount, unit = ''] = WRITTEN_DURATION.exec(text) ?? [];
  return Number(amount) * (MS_PER_UNIT.get(unit) ?? Number.NaN);
}

const notADuration = valueIsNot('a duration (expected e.g. 500ms, 10s, 2m, 1h)');

/** Accepts a duration as written and gives milliseconds. */
export const durationSchema = z
  .union([z.number(), z.string()], { error: notADuration })
  .transform((value, context) => {
    const ms = durationToMs(value);
    if (ms === undefined) {
      context.issues.push({ code: 'custom', input: value, message: notADuration({ input: value }) });
      return z.NEVER;
    }
    return ms;
  });
