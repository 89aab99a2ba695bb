/** The audit log: every command attempt, redacted, append only, in the state store's hash chain. */

export { AuditAppendError, type AuditAppendFailure } from './audit-append-error.ts';
export {
  AUDIT_DECISIONS,
  AUDIT_OUTCOMES,
  type AuditDecision,
  type AuditEntry,
  type AuditOutcome,
  auditEntry,
} from './audit-entry.ts';
export { type AuditFile, openAuditFile } from './audit-file.ts';
export {
  type AuditExport,
  type AuditLog,
  type AuditLogOptions,
  type AuditQuery,
  DEFAULT_TAIL_ENTRIES,
  MAX_EXPORT_BYTES,
  MAX_TAIL_ENTRIES,
} from './audit-log.ts';
export { canonicalJson } from './canonical-json.ts';
export {
  type AuditFileImport,
  type AuditFileImportOptions,
  describeAuditFileImport,
  importAuditFile,
} from './import-audit-file.ts';
export { isSecretKey, REDACTED } from './redact.ts';
export { type AuditMirror, openStoredAuditLog, type StoredAuditLogOptions } from './stored-audit-log.ts';
export { type ChainBreak, type ChainReport, describeChainBreak, verifyAuditChain } from './verify-chain.ts';
