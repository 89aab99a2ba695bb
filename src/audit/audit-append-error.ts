/** Why an entry did not reach the audit log, for the `onError` callback and the rejected append. */

export type AuditAppendFailure =
  /** The state store refused or did not answer; for a file, the file system refused the write (disk full, folder removed, permissions). */
  | 'write-failed'
  /** The entry does not fit the schema or cannot be written as JSON (a bug in the caller). */
  | 'invalid-entry'
  | 'closed';

export class AuditAppendError extends Error {
  override name = 'AuditAppendError';
  readonly failure: AuditAppendFailure;
  /** Where the log is: the state store's location, or the file. */
  readonly path: string;

  /** `cause`: the database's or the file system's error, for a failed write. */
  constructor(failure: AuditAppendFailure, path: string, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.failure = failure;
    this.path = path;
  }
}
