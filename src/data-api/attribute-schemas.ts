/**
 * Zod schemas for single attribute values as fast-xml-parser hands them over: raw text, entities
 * not yet resolved. Real servers may leave attributes out or empty; an optional number or flag
 * that is missing or blank reads as undefined rather than as a made-up 0 or false.
 */

import { z } from 'zod';
import { readAttributeValue } from '../protocol/xml-text.ts';

/** The value a conformant XML parser would give (line-end and whitespace rules, references). */
export const attributeText = z.string().transform((raw, context) => {
  try {
    return readAttributeValue(raw);
  } catch (error) {
    context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
    return z.NEVER;
  }
});

export const attributeTextOrEmpty = attributeText.optional().transform((value) => value ?? '');

const blankAsMissing = attributeText.optional().transform((value) => {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
});

const wholeNumber = z
  .string()
  .regex(/^[0-9]+$/, 'expected a whole number')
  .transform(Number)
  .refine(Number.isSafeInteger, 'the number is too large');

export const attributeCount = attributeText.transform((value) => value.trim()).pipe(wholeNumber);

export const optionalAttributeCount = blankAsMissing.pipe(wholeNumber.optional());

// The manual's tables say 0/1; the vendor samples send true/false. Both mean the same.
const FLAG_VALUES: Readonly<Record<string, boolean>> = { '1': true, true: true, '0': false, false: false };

export const optionalAttributeFlag = blankAsMissing.transform((value, context) => {
  if (value === undefined) return undefined;
  const flag = FLAG_VALUES[value.toLowerCase()];
  if (flag === undefined) {
    context.addIssue({
      code: 'custom',
      message: `expected 0, 1, true or false, not ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return flag;
});
