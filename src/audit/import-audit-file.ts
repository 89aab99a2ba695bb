/**
 * The upgrade from the JSONL audit file of earlier releases: its entries join the chain once, in
 * file order, redacted as any entry is; lines that are not entries (torn, blank, foreign) are
 * skipped and counted. Once done (by this instance or another), never again.
 */

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { AuditRecordInput, AuditRecords } from '../state/index.ts';
import { recordInputOf } from './audit-record.ts';
import { lineToEntry } from './entry-line.ts';
import { createRedactor } from './redact.ts';

export type AuditFileImport =
  | { readonly outcome: 'imported'; readonly count: number; readonly skipped: number }
  | {
      readonly outcome: 'already-imported';
      readonly source: string;
      readonly count: number;
      readonly at: number;
    }
  /** No file at the path: nothing to import (the import is marked done only when asked). */
  | { readonly outcome: 'no-file' };

export interface AuditFileImportOptions {
  readonly secrets: readonly string[];
  readonly now: number;
  /**
   * Mark the import done even when there is no file: the mirror is about to write there, and its
   * lines, already in the chain, must never be imported.
   */
  readonly markWithoutFile: boolean;
}

const BATCH = 500;

export async function importAuditFile(
  records: AuditRecords,
  path: string,
  options: AuditFileImportOptions,
): Promise<AuditFileImport> {
  const exists = await fileExists(path);
  if (!exists && !options.markWithoutFile) return { outcome: 'no-file' };
  const redactor = createRedactor(options.secrets);
  let skipped = 0;

  async function* batches(): AsyncGenerator<AuditRecordInput[]> {
    if (!exists) return;
    const lines = createInterface({
      input: createReadStream(path, 'utf8'),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    let batch: AuditRecordInput[] = [];
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const entry = lineToEntry(line);
      const record = entry === undefined ? undefined : recordInputOf(entry, redactor);
      if (record?.ok !== true) {
        skipped += 1;
        continue;
      }
      batch.push(record.input);
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  const done = await records.importOnce(path, batches(), options.now);
  if (done.outcome === 'already-imported') return done;
  return exists ? { outcome: 'imported', count: done.count, skipped } : { outcome: 'no-file' };
}

/** The log line for what an import did; undefined when there is nothing to say. */
export function describeAuditFileImport(path: string, done: AuditFileImport): string | undefined {
  if (done.outcome !== 'imported') return undefined;
  const count = new Intl.NumberFormat('en-US');
  const skipped =
    done.skipped === 0
      ? ''
      : ` (${count.format(done.skipped)} line${done.skipped === 1 ? '' : 's'} skipped: not audit entries)`;
  return `audit: imported ${count.format(done.count)} entr${done.count === 1 ? 'y' : 'ies'} from ${path} into the audit chain${skipped}`;
}

async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT')
      return false;
    throw error;
  }
}
