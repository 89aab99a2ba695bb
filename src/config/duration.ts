import { z } from 'zod';
import { valueIsNot } from '../text/value-text.ts';
import { DURATION_EXAMPLES, durationMs, MS_PER_UNIT } from '../time/duration.ts';

/**
 * Durations in the config file: as typed anywhere (src/time/duration.ts) or, the file's own
 * convenience, a bare number of seconds.
 */

const BARE_SECONDS = /^\d+(?:\.\d+)?$/;

/** Milliseconds, rounded to a whole number; undefined when the value is not a duration. */
export function durationToMs(value: number | string): number | undefined {
  const ms =
    typeof value === 'number' || BARE_SECONDS.test(value.trim())
      ? Math.round(Number(value) * MS_PER_UNIT.s)
      : durationMs(value);
  return ms !== undefined && Number.isSafeInteger(ms) && ms >= 0 ? ms : undefined;
}

const notADuration = valueIsNot(`a duration (expected e.g. ${DURATION_EXAMPLES})`);

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
