import type { AuditEntry } from '../audit/index.ts';
import type { Attempt } from './attempt.ts';

/** What the audit log keeps of an attempt, whichever step ended it. */
export function auditEntryOf(attempt: Attempt, finishedAt: number): AuditEntry {
  const { identity, channel } = attempt.meta;
  return {
    time: new Date(attempt.startedAt).toISOString(),
    platform: identity.platform,
    workspace: identity.workspace,
    channel,
    userId: identity.userId,
    userName: identity.userName,
    operation: attempt.operation?.name ?? 'unknown',
    parameters: attempt.params ?? attempt.values,
    decision: attempt.decision,
    outcome: attempt.outcome,
    result: attempt.result,
    error: attempt.error,
    durationMs: Math.max(0, finishedAt - attempt.startedAt),
  };
}
