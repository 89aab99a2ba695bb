/**
 * Single attribute values as the XML reader hands them over: raw text, entities not yet
 * resolved. Real servers may leave attributes out or empty; an optional number or flag that is
 * missing or blank reads as undefined rather than as a made-up 0 or false.
 *
 * Each rule is a plain function (`readText`, `readCount`, …) and a Zod schema made of it: the
 * schemas serve the small documents, and a room list reads its rooms' attributes with the
 * functions in one transform per room (document-schemas.ts), as a Zod transform per attribute
 * cost ~20 µs a room (100 ms for rooms.xml of 5,000 rooms).
 */

import { z } from 'zod';
import { readAttributeValue } from '../protocol/xml-text.ts';

/** An attribute's value, or why it cannot be one (the message a schema reports). */
export type AttributeReading<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

/** The value a conformant XML parser would give (line-end and whitespace rules, references). */
export function readText(raw: string): AttributeReading<string> {
  try {
    return { ok: true, value: readAttributeValue(raw) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export function readTextOrEmpty(raw: string | undefined): AttributeReading<string> {
  return raw === undefined ? { ok: true, value: '' } : readText(raw);
}

/** Trimmed text; undefined when the attribute is missing or blank. */
function readBlankAsMissing(raw: string | undefined): AttributeReading<string | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  const text = readText(raw);
  if (!text.ok) return text;
  const trimmed = text.value.trim();
  return { ok: true, value: trimmed === '' ? undefined : trimmed };
}

function wholeNumber(text: string): AttributeReading<number> {
  if (!/^[0-9]+$/.test(text)) return { ok: false, message: 'expected a whole number' };
  const value = Number(text);
  return Number.isSafeInteger(value)
    ? { ok: true, value }
    : { ok: false, message: 'the number is too large' };
}

export function readCount(raw: string): AttributeReading<number> {
  const text = readText(raw);
  return text.ok ? wholeNumber(text.value.trim()) : text;
}

export function readOptionalCount(raw: string | undefined): AttributeReading<number | undefined> {
  const text = readBlankAsMissing(raw);
  if (!text.ok) return text;
  return text.value === undefined ? { ok: true, value: undefined } : wholeNumber(text.value);
}

// The manual's tables say 0/1; the vendor samples send true/false. Both mean the same.
const FLAG_VALUES: Readonly<Record<string, boolean>> = { '1': true, true: true, '0': false, false: false };

export function readOptionalFlag(raw: string | undefined): AttributeReading<boolean | undefined> {
  const text = readBlankAsMissing(raw);
  if (!text.ok) return text;
  if (text.value === undefined) return { ok: true, value: undefined };
  const flag = FLAG_VALUES[text.value.toLowerCase()];
  return flag === undefined
    ? { ok: false, message: `expected 0, 1, true or false, not ${JSON.stringify(text.value)}` }
    : { ok: true, value: flag };
}

/** A reading's value, or its message added to the schema's issues. */
function take<T>(reading: AttributeReading<T>, context: z.RefinementCtx): T {
  if (reading.ok) return reading.value;
  context.addIssue({ code: 'custom', message: reading.message });
  return z.NEVER;
}

export const attributeText = z.string().transform((raw, context) => take(readText(raw), context));

export const attributeCount = z.string().transform((raw, context) => take(readCount(raw), context));

export const optionalAttributeCount = z
  .string()
  .optional()
  .transform((raw, context) => take(readOptionalCount(raw), context));
