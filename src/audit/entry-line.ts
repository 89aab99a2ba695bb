/** The log's line format: one entry, checked and redacted, as one line of JSON, and back. */

import { z } from 'zod';
import { type AuditEntry, auditEntry } from './audit-entry.ts';
import type { Redactor } from './redact.ts';

export type EntryLine =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: string };

export type RedactedEntry =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string };

/** The entry checked against the schema, then redacted, as JSON.parse would give it back. */
export function redactEntry(entry: AuditEntry, redactor: Redactor): RedactedEntry {
  const line = entryToLine(entry, redactor);
  return line.ok ? { ok: true, value: JSON.parse(line.text) } : line;
}

export function entryToLine(entry: AuditEntry, redactor: Redactor): EntryLine {
  const checked = auditEntry.safeParse(entry);
  if (!checked.success) return { ok: false, reason: z.prettifyError(checked.error) };
  let json: string;
  try {
    json = JSON.stringify(checked.data, redactor.replacer);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `it cannot be written as JSON (${why})` };
  }
  // JSON escapes newlines inside strings, so one entry is always exactly one line.
  return { ok: true, text: `${json}\n` };
}

/** Undefined for a blank, torn or foreign line. */
export function lineToEntry(line: string): AuditEntry | undefined {
  if (line.trim() === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = auditEntry.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
