/**
 * An audit file: one JSON line per command attempt, appended, never rewritten (the JSONL log of
 * the releases before the chain; now the chain's optional mirror, for log shippers). Entries are
 * checked against the schema and redacted before they are written; a failed write is reported,
 * never thrown past the append's promise.
 */

import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditEntry } from './audit-entry.ts';
import { type AuditLogOptions, DEFAULT_TAIL_ENTRIES, MAX_TAIL_ENTRIES } from './audit-log.ts';
import { entryToLine } from './entry-line.ts';
import { describeFsError } from './fs-errors.ts';
import { guardedAppend, InvalidEntry } from './guarded-append.ts';
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
  const appends = guardedAppend({
    location: path,
    redactor,
    onError: options.onError,
    // The line is made when its batch is written.
    write: (entry) =>
      appender.append(() => {
        const line = entryToLine(entry, redactor);
        if (!line.ok) throw new InvalidEntry(line.reason);
        return line.text;
      }),
    describeWriteFailure: (error) => `${path}: ${describeFsError(error)}`,
  });

  return {
    append: appends.append,
    tail: async (n = DEFAULT_TAIL_ENTRIES) => {
      // Appends already made are part of the answer.
      await appender.idle();
      return readLastEntries(path, tailCount(n));
    },
    close: async () => {
      appends.close();
      await appender.idle();
    },
  };
}

/** A whole number from 0 to MAX_TAIL_ENTRIES; NaN means the default. */
export function tailCount(n: number): number {
  if (Number.isNaN(n)) return DEFAULT_TAIL_ENTRIES;
  return Math.min(Math.max(Math.trunc(n), 0), MAX_TAIL_ENTRIES);
}
