/**
 * An audit entry as the chain keeps it: checked against the schema, redacted, written as
 * canonical JSON, with copies of the values the filters read (see AuditRecord in the state store).
 */

import { z } from 'zod';
import { type AuditRecordInput, foldUserName } from '../state/index.ts';
import { type AuditEntry, auditEntry } from './audit-entry.ts';
import { canonicalJson } from './canonical-json.ts';
import { lineToEntry, redactEntry } from './entry-line.ts';
import type { Redactor } from './redact.ts';
import { redactedCanonicalJson } from './redacted-canonical-json.ts';

export type RecordInputOf =
  | { readonly ok: true; readonly input: AuditRecordInput }
  | { readonly ok: false; readonly reason: string };

/** The record of an entry, redacted; or why it cannot be one. */
export function recordInputOf(entry: AuditEntry, redactor: Redactor): RecordInputOf {
  const checked = auditEntry.safeParse(entry);
  if (!checked.success) return { ok: false, reason: z.prettifyError(checked.error) };
  // Every command's entry is plain data: one walk. Anything else goes the long way, through JSON.
  const text = redactedCanonicalJson(checked.data, redactor);
  if (text !== undefined) {
    const { time, userId, userName, operation, outcome } = checked.data;
    const redact = redactor.text;
    return {
      ok: true,
      input: {
        entry: text,
        ...recordValuesOf({
          time: redact(time),
          userId: redact(userId),
          ...(userName === undefined ? {} : { userName: redact(userName) }),
          operation: redact(operation),
          outcome: redact(outcome),
        }),
      },
    };
  }
  const redacted = redactEntry(checked.data, redactor);
  if (!redacted.ok) return redacted;
  return { ok: true, input: { entry: canonicalJson(redacted.value), ...recordValuesOf(redacted.value) } };
}

/** What the filters read, taken from an entry's JSON as parsed: what verifying checks the copies against. */
export function recordValuesOf(value: unknown): Omit<AuditRecordInput, 'entry'> {
  const fields = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const text = (field: unknown) => (typeof field === 'string' ? field : '');
  return {
    at: Date.parse(text(fields.time)) || 0,
    userId: text(fields.userId),
    userNameFolded: typeof fields.userName === 'string' ? foldUserName(fields.userName) : null,
    operation: text(fields.operation),
    outcome: text(fields.outcome),
  };
}

/** The entry a record holds; undefined when its JSON is not an entry (it was edited). */
export function entryOfRecord(record: { readonly entry: string }): AuditEntry | undefined {
  return lineToEntry(record.entry);
}
