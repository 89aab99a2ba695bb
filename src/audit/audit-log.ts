/**
 * The audit log as the program uses it: every command attempt appended, the last entries read
 * back (filtered), and the whole exported. Kept in the state store as a hash chain
 * (stored-audit-log.ts); a JSONL mirror may follow it (audit-file.ts).
 */

import type { PointInTime } from '../time/point-in-time.ts';
import type { AuditAppendError } from './audit-append-error.ts';
import type { AuditEntry, AuditOutcome } from './audit-entry.ts';

export interface AuditLogOptions {
  /** The API password, bot tokens, signing secrets: never written, wherever they appear. Empty strings are ignored. */
  readonly secrets: readonly string[];
  /** Told about every entry that could not be written, as well as the append's promise rejecting. */
  readonly onError?: (error: AuditAppendError) => void;
}

/** Which entries `/chat audit` shows; every member given must match. */
export interface AuditQuery {
  /** The user's id, or their name without regard to case. */
  readonly user?: string;
  /** An operation's name (`room.delete`), or a family (`room.*`). */
  readonly operation?: string;
  readonly since?: PointInTime;
  readonly outcome?: AuditOutcome;
}

export interface AuditExport {
  /** The entries as JSON lines, oldest first, each ending in a newline. */
  readonly text: string;
  readonly count: number;
  /** Where the export starts (ms since the epoch), when it was given a point in time. */
  readonly since?: number;
  /** Set when the export stopped at MAX_EXPORT_BYTES: the time of the first entry it left out. */
  readonly nextTime?: string;
}

export interface AuditLog {
  /** Rejects with an AuditAppendError when the entry could not be written. */
  append(entry: AuditEntry): Promise<void>;
  /** The last `n` entries that match, oldest first (default 10, at most 100). */
  tail(n?: number, query?: AuditQuery): Promise<AuditEntry[]>;
  /** The entries from `since` on (all without it), as JSON lines, up to MAX_EXPORT_BYTES. */
  export(since?: PointInTime): Promise<AuditExport>;
  /** Waits for pending appends; later appends are refused. */
  close(): Promise<void>;
}

export const DEFAULT_TAIL_ENTRIES = 10;
export const MAX_TAIL_ENTRIES = 100;
/** What one export carries at most: a file every platform takes (Discord's smallest upload limit is 10 MB). */
export const MAX_EXPORT_BYTES = 8 * 1024 * 1024;
