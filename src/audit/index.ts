/** The audit log: every command attempt as one redacted JSON line, append only. */

export { AuditAppendError, type AuditAppendFailure } from './audit-append-error.ts';
export {
  AUDIT_DECISIONS,
  AUDIT_OUTCOMES,
  type AuditDecision,
  type AuditEntry,
  type AuditOutcome,
  auditEntry,
} from './audit-entry.ts';
export {
  type AuditLog,
  type AuditLogOptions,
  DEFAULT_TAIL_ENTRIES,
  MAX_TAIL_ENTRIES,
  openAuditLog,
} from './audit-log.ts';
export { isSecretKey, REDACTED } from './redact.ts';
