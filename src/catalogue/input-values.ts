import { z } from 'zod';
import { describeCodePoint, findForbiddenChar } from '../protocol/xml-text.ts';

/**
 * zod schemas for what moderators type. Each accepts the text a text platform delivers and the
 * typed value a structured platform (Discord options) delivers, so one schema serves both, and
 * its messages are written to be shown to the moderator as they are.
 */

const FLAG_WORDS: Readonly<Record<string, boolean>> = {
  on: true,
  off: false,
  yes: true,
  no: false,
  true: true,
  false: false,
  '1': true,
  '0': false,
};

export const flagValue = z.preprocess(
  (value) => (typeof value === 'string' ? (FLAG_WORDS[value.trim().toLowerCase()] ?? value) : value),
  z.boolean({ error: 'must be on or off (or yes/no, true/false, 1/0)' }),
);

export function integerValue(min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' && /^\s*-?[0-9]+\s*$/.test(value) ? Number(value) : value),
    z
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`),
  );
}

export function textValue(maxLength: number) {
  return z
    .string({ error: 'must be text' })
    .superRefine((value, ctx) => {
      const forbidden = findForbiddenChar(value);
      if (forbidden) {
        ctx.addIssue({
          code: 'custom',
          message: `contains ${describeCodePoint(forbidden.codePoint)}, which the chat server cannot receive`,
        });
      }
    })
    .refine((value) => value.length <= maxLength, {
      error: (issue) => `is too long: ${String(issue.input).length} characters, at most ${maxLength}`,
    });
}

export function requiredTextValue(maxLength: number) {
  return textValue(maxLength).refine((value) => value.trim() !== '', 'must not be empty');
}

export function choiceValue<const T extends readonly [string, ...string[]]>(choices: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
    z.enum(choices, { error: `must be one of: ${choices.join(', ')}` }),
  );
}

export const colorValue = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().replace(/^#/, '0x') : value),
  z
    .string()
    .regex(/^0x[0-9a-fA-F]{6}$/, 'must be a colour written 0xRRGGBB or #RRGGBB, e.g. 0xFF0000 for red')
    .transform((hex) => `0x${hex.slice(2).toUpperCase()}`),
);

export const EMOTICON_CHOICES = Array.from({ length: 32 }, (_, index) => `e${index + 1}`) as [
  string,
  ...string[],
];

const TIME = '([01]?[0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?';
const DATE = '([0-9]{4}-[0-9]{2}-[0-9]{2})';
const WEEKLY = new RegExp(String.raw`^(day[1-7])\s+${TIME}\s*-\s*${TIME}$`);
const SPECIAL = new RegExp(String.raw`^${DATE}\s+${TIME}\s*-\s*(?:${DATE}\s+)?${TIME}$`);

function clock(hours: string | undefined, minutes: string | undefined, seconds: string | undefined): string {
  return `${(hours ?? '0').padStart(2, '0')}:${minutes ?? '00'}:${seconds ?? '00'}`;
}

/**
 * Opening hours, as `day2 00:00-10:00` (day1..day7) or `2026-12-24 18:00-23:30` (a special
 * date, optionally ending on another date), several separated by commas.
 */
export type OpeningTime = { o: OpeningDay; s: string; e: string };
type OpeningDay = 'day1' | 'day2' | 'day3' | 'day4' | 'day5' | 'day6' | 'day7' | 'special';

export const openingHoursValue = z.string().transform((text, ctx) => {
  const times: OpeningTime[] = [];
  for (const part of text.split(/[,;]/).map((item) => item.trim())) {
    const weekly = WEEKLY.exec(part);
    const special = weekly ? null : SPECIAL.exec(part);
    if (weekly) {
      const [, day, h1, m1, s1, h2, m2, s2] = weekly;
      // WEEKLY only matches day1..day7.
      times.push({ o: day as OpeningDay, s: clock(h1, m1, s1), e: clock(h2, m2, s2) });
    } else if (special) {
      const [, date1, h1, m1, s1, date2, h2, m2, s2] = special;
      times.push({
        o: 'special',
        s: `${date1} ${clock(h1, m1, s1)}`,
        e: `${date2 ?? date1} ${clock(h2, m2, s2)}`,
      });
    } else {
      ctx.addIssue({
        code: 'custom',
        message: `"${part}" is not an opening time (expected e.g. "day2 00:00-10:00" or "2026-12-24 18:00-23:30")`,
      });
      return z.NEVER;
    }
  }
  return times;
});
