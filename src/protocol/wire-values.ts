import { z } from 'zod';
import { describeCodePoint, findForbiddenChar } from './xml-text.ts';

/**
 * zod schemas for the values of Server API parameters, each producing the exact text the wire
 * carries. Building a command parses its parameters with these, so a value that cannot reach
 * the server byte-exact is refused here, naming the parameter, before any socket is opened.
 */

/** Any text XML 1.0 can carry; the message names the first character it cannot. */
export const xmlText = z.string().superRefine((value, ctx) => {
  const forbidden = findForbiddenChar(value);
  if (forbidden) {
    ctx.addIssue({
      code: 'custom',
      message: `contains ${describeCodePoint(forbidden.codePoint)} at position ${forbidden.index + 1}, which XML cannot carry`,
    });
  }
});

/** A name or message that must say something: not empty, not only spaces. */
export const requiredText = xmlText.refine((value) => value.trim().length > 0, 'must not be empty');

/** Room flags travel as `true`/`false`: the vendor samples and working public code send them so. */
export const roomFlag = z.boolean().transform((on) => (on ? 'true' : 'false'));

/** `b`, `i`, `u` of private_message travel as `1`/`0`, as the manual's table and sample show. */
export const digitFlag = z.boolean().transform((on) => (on ? '1' : '0'));

export const positiveInteger = z
  .number()
  .int('must be a whole number')
  .positive('must be greater than 0')
  .max(2_147_483_647, 'must be at most 2147483647')
  .transform(String);

export const roomId = positiveInteger;

/** `st`: 0 = listed in the text chat room list too, 2 = only in the avatar chat client. */
export const roomDisplay = z
  .union([z.literal(0), z.literal(2)], {
    error: 'must be 0 (text and avatar clients) or 2 (avatar client only)',
  })
  .transform(String);

export const color = z
  .string()
  .regex(/^0x[0-9a-fA-F]{6}$/, 'must be a colour written 0xRRGGBB, e.g. 0xFF0000 for red');

export const EMOTICONS = Array.from({ length: 32 }, (_, index) => `e${index + 1}`) as [string, ...string[]];
export const emoticon = z.enum(EMOTICONS, { error: 'must be one of e1 to e32' });

const TIME_OF_DAY = /^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$/;
const DATE_TIME =
  /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$/;

/**
 * One `<Time o=".." s=".." e=".."/>` of a `roomOpen` schedule: `day1`..`day7` with times of day
 * (`HH:MM:SS`), or `special` with date-times (`YYYY-MM-DD HH:MM:SS`).
 */
export const openingTime = z.discriminatedUnion('o', [
  z.object({
    o: z.enum(['day1', 'day2', 'day3', 'day4', 'day5', 'day6', 'day7']),
    s: z.string().regex(TIME_OF_DAY, 'must be a time of day written HH:MM:SS'),
    e: z.string().regex(TIME_OF_DAY, 'must be a time of day written HH:MM:SS'),
  }),
  z.object({
    o: z.literal('special'),
    s: z.string().regex(DATE_TIME, 'must be a date and time written YYYY-MM-DD HH:MM:SS'),
    e: z.string().regex(DATE_TIME, 'must be a date and time written YYYY-MM-DD HH:MM:SS'),
  }),
]);

export const roomSchedule = z.array(openingTime).min(1, 'must hold at least one opening time');
