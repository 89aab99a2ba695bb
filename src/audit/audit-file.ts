/**
 * An audit file: one JSON line per command attempt, appended, never rewritten (the JSONL log of
 * the releases before the chain; now the chain's optional mirror, for log shippers). Entries are
 * checked against the schema and redacted before they are written; a failed write is reported,
 * never thrown past the append's promise.
 */

import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AuditAppendError, type AuditAppendFailure } from './audit-append-error.ts';
import type { AuditEntry } from './audit-entry.ts';
import { type AuditLogOptions, DEFAULT_TAIL_ENTRIES, MAX_TAIL_ENTRIES } from './audit-log.ts';
import { entryToLine } from './entry-line.ts';
import { describeFsError } from './fs-errors.ts';
import { readLastEntries } from './last-entries.ts';
import { createLineAppender, fileEndsMidLine } from './line-appender.ts';
import { createRedactor } from './redact.ts';

export interface AuditFile {
  /** Rejects with an AuditAppendError when the entry could not be written. */
  append(entry: AuditEntry): Promise<void>;
  /** The last `n` entries, oldest first (default 10, at most 100); lines that are not entries are skipped. */
  tail(n?: number): Promise<AuditEntry[]>;
  /** Waits for pending appends; later appends are refused. */
  close(): Promise<void>;
}

/** Creates the file and its folder; rejects when they cannot be created (a setup mistake, found at startup). */
export async function openAuditFile(path: string, options: AuditLogOptions): Promise<AuditFile> {
  await mkdir(dirname(path), { recursive: true });
  await (await open(path, 'a')).close();
  const redactor = createRedactor(options.secrets);
  const appender = createLineAppender(path, await fileEndsMidLine(path));
  let closed = false;

  // The message may quote the entry (operation, user, zod's reading of it), so it is redacted too.
  const fail = (
    failure: AuditAppendFailure,
    entry: AuditEntry,
    why: string,
    cause?: unknown,
  ): Promise<never> => {
    const message = redactor.text(`the audit entry for ${entry.operation} by ${entry.userId} ${why}`);
    const error = new AuditAppendError(failure, path, message, cause);
    options.onError?.(error);
    return Promise.reject(error);
  };

  const append = async (given: AuditEntry): Promise<void> => {
    if (closed) return fail('closed', given, 'was not written: the audit log is closed');
    // The line is made when its batch is written; the copy keeps it as it was at this call.
    const entry: AuditEntry = { ...given, parameters: { ...given.parameters } };
    try {
      await appender.append(() => {
        const line = entryToLine(entry, redactor);
        if (!line.ok) throw new InvalidEntry(line.reason);
        return line.text;
      });
    } catch (error) {
      if (error instanceof InvalidEntry) return fail('invalid-entry', entry, `is invalid: ${error.message}`);
      return fail('write-failed', entry, `could not be written to ${path}: ${describeFsError(error)}`, error);
    }
  };

  return {
    append,
    tail: async (n = DEFAULT_TAIL_ENTRIES) => {
      // Appends already made are part of the answer.
      await appender.idle();
      return readLastEntries(path, tailCount(n));
    },
    close: async () => {
      closed = true;
      await appender.idle();
    },
  };
}

class InvalidEntry extends Error {}

/** A whole number from 0 to MAX_TAIL_ENTRIES; NaN means the default. */
export function tailCount(n: number): number {
  if (Number.isNaN(n)) return DEFAULT_TAIL_ENTRIES;
  return Math.min(Math.max(Math.trunc(n), 0), MAX_TAIL_ENTRIES);
}
