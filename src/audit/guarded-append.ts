/**
 * The append both audit logs make (the chain in the state store, the JSONL file): refused once
 * closed; the entry copied as it is at the call, since it is written later, with its batch; and
 * a failure made an AuditAppendError, reported through onError as well as rejected.
 */

import { AuditAppendError, type AuditAppendFailure } from './audit-append-error.ts';
import type { AuditEntry } from './audit-entry.ts';
import type { AuditLogOptions } from './audit-log.ts';
import type { Redactor } from './redact.ts';

/** Thrown by a write for an entry that does not fit the schema or cannot be written as JSON. */
export class InvalidEntry extends Error {}

export interface GuardedAppendOptions extends Pick<AuditLogOptions, 'onError'> {
  /** Where the log is, for the error: the state store's location, or the file. */
  readonly location: string;
  readonly redactor: Redactor;
  /** Writes the entry; throws InvalidEntry for one that cannot be written. */
  readonly write: (entry: AuditEntry) => Promise<void>;
  /** Where the entry could not be written to and why, from the write's error: "<where>: <why>". */
  readonly describeWriteFailure: (error: unknown) => string;
}

export interface GuardedAppend {
  /** Rejects with an AuditAppendError when the entry could not be written. */
  append(entry: AuditEntry): Promise<void>;
  /** Refuses every later append. */
  close(): void;
}

export function guardedAppend(options: GuardedAppendOptions): GuardedAppend {
  const { location, redactor } = options;
  let closed = false;

  // The message may quote the entry (operation, user, zod's reading of it, the store's or the
  // file system's error), so it is redacted too.
  const fail = (
    failure: AuditAppendFailure,
    entry: AuditEntry,
    why: string,
    cause?: unknown,
  ): Promise<never> => {
    const message = redactor.text(`the audit entry for ${entry.operation} by ${entry.userId} ${why}`);
    const error = new AuditAppendError(failure, location, message, cause);
    options.onError?.(error);
    return Promise.reject(error);
  };

  return {
    async append(given) {
      if (closed) return fail('closed', given, 'was not written: the audit log is closed');
      // The entry is written with its batch; the copy keeps it as it was at this call.
      const entry: AuditEntry = { ...given, parameters: { ...given.parameters } };
      try {
        await options.write(entry);
      } catch (error) {
        if (error instanceof InvalidEntry)
          return fail('invalid-entry', entry, `is invalid: ${error.message}`);
        return fail(
          'write-failed',
          entry,
          `could not be written to ${options.describeWriteFailure(error)}`,
          error,
        );
      }
    },
    close() {
      closed = true;
    },
  };
}
