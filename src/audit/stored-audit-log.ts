/**
 * The audit log kept in the state store's chain. Entries are checked against the schema and
 * redacted before anything is stored; appends made close together go in one transaction (see
 * batched-writes.ts), in the order they were made, and a failed one is reported through onError
 * as well as rejected. Every entry stored is then also appended to the mirror, when there is one.
 */

import type { AuditRecordFilter, AuditRecords } from '../state/index.ts';
import { pointInTimeMs } from '../time/point-in-time.ts';
import type { AuditEntry } from './audit-entry.ts';
import { tailCount } from './audit-file.ts';
import {
  type AuditExport,
  type AuditLog,
  type AuditLogOptions,
  type AuditQuery,
  DEFAULT_TAIL_ENTRIES,
  MAX_EXPORT_BYTES,
} from './audit-log.ts';
import { entryOfRecord, recordInputOf } from './audit-record.ts';
import { createBatchedWrites, DEFAULT_BATCH_WINDOW_MS } from './batched-writes.ts';
import { guardedAppend, InvalidEntry } from './guarded-append.ts';
import { createRedactor } from './redact.ts';

/** Where stored entries are copied to: the JSONL mirror for log shippers (an AuditFile). */
export interface AuditMirror {
  append(entry: AuditEntry): Promise<void>;
  close(): Promise<void>;
}

export interface StoredAuditLogOptions extends AuditLogOptions {
  /** The state store's location, for messages (never a password). */
  readonly location: string;
  /** Told about its own failures (its onError); the entry is in the chain all the same. */
  readonly mirror?: AuditMirror;
  /** What `since=24h` counts back from: the command path's clock. Default Date.now. */
  readonly now?: () => number;
  readonly batchWindowMs?: number;
  /**
   * Where the chain's head, as this process last wrote it, is told: every headLogEveryMs while it
   * moves, and at close. Kept in the process log (shipped elsewhere), it is the witness `npm run
   * audit -- verify --head` checks, which no chain can be on its own: entries cut from its end.
   */
  readonly log?: (line: string) => void;
  readonly headLogEveryMs?: number;
}

/** An hour: a line an hour at most, and a cut from the end shows against the hour before. */
export const DEFAULT_HEAD_LOG_EVERY_MS = 3_600_000;

const EXPORT_PAGE = 1000;

export function openStoredAuditLog(records: AuditRecords, options: StoredAuditLogOptions): AuditLog {
  const redactor = createRedactor(options.secrets);
  const { location, mirror } = options;
  const now = options.now ?? Date.now;

  let head: { seq: number; hash: string } | undefined;
  let toldSeq: number | undefined;
  const tellHead = (): void => {
    if (options.log === undefined || head === undefined || head.seq === toldSeq) return;
    toldSeq = head.seq;
    options.log(
      `audit: the chain's head is entry ${head.seq}, hash ${head.hash} (check it later: npm run audit -- verify --head ${head.seq}:${head.hash})`,
    );
  };
  const headTimer =
    options.log === undefined
      ? undefined
      : setInterval(tellHead, options.headLogEveryMs ?? DEFAULT_HEAD_LOG_EVERY_MS).unref();

  const writes = createBatchedWrites<AuditEntry>(async (batch) => {
    const inputs = [];
    const kept = [];
    for (const pending of batch) {
      const record = recordInputOf(pending.item, redactor);
      if (record.ok) {
        inputs.push(record.input);
        kept.push(pending);
      } else {
        pending.reject(new InvalidEntry(record.reason));
      }
    }
    if (inputs.length === 0) return;
    const written = await records.append(inputs);
    const last = written.at(-1);
    if (last !== undefined) head = { seq: last.seq, hash: last.hash };
    if (mirror !== undefined) await Promise.allSettled(kept.map((pending) => mirror.append(pending.item)));
    for (const pending of kept) pending.resolve();
  }, options.batchWindowMs ?? DEFAULT_BATCH_WINDOW_MS);

  const appends = guardedAppend({
    location,
    redactor,
    onError: options.onError,
    // The record is made when its batch is written.
    write: (entry) => writes.add(entry),
    describeWriteFailure: (error) =>
      `the audit chain (${location}): ${error instanceof Error ? error.message : String(error)}`,
  });

  const filterOf = (query: AuditQuery): AuditRecordFilter => ({
    ...(query.user === undefined ? {} : { user: query.user }),
    ...(query.operation === undefined ? {} : { operation: query.operation }),
    ...(query.since === undefined ? {} : { since: pointInTimeMs(query.since, now()) }),
    ...(query.outcome === undefined ? {} : { outcome: query.outcome }),
  });

  return {
    append: appends.append,
    async tail(n = DEFAULT_TAIL_ENTRIES, query = {}) {
      // Appends already made are part of the answer.
      await writes.idle();
      const found = await records.last(tailCount(n), filterOf(query));
      return found.flatMap((record) => entryOfRecord(record) ?? []);
    },
    async export(since): Promise<AuditExport> {
      await writes.idle();
      const from = since === undefined ? undefined : pointInTimeMs(since, now());
      const filter = from === undefined ? {} : { since: from };
      const lines: string[] = [];
      let bytes = 0;
      let after = 0;
      for (;;) {
        const page = await records.after(after, EXPORT_PAGE, filter);
        for (const record of page) {
          const line = `${record.entry}\n`;
          bytes += Buffer.byteLength(line);
          if (bytes > MAX_EXPORT_BYTES) {
            const nextTime = new Date(record.at).toISOString();
            return { text: lines.join(''), count: lines.length, since: from, nextTime };
          }
          lines.push(line);
        }
        const last = page.at(-1);
        if (last === undefined || page.length < EXPORT_PAGE) break;
        after = last.seq;
      }
      return { text: lines.join(''), count: lines.length, since: from };
    },
    async close() {
      appends.close();
      await writes.idle();
      clearInterval(headTimer);
      tellHead();
      await mirror?.close();
    },
  };
}
