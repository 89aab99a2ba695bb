import { type Attempt, labelOf } from '../attempt.ts';
import { failureReply } from '../failure-reply.ts';
import type { Step } from '../run-steps.ts';

export interface AuditParts {
  /** Hands the finished attempt to the audit log and the metrics. */
  record(attempt: Attempt): void;
  /** For the process log; the user is told only that something went wrong. */
  onInternalError?(error: unknown): void;
}

/** Around every other step: each attempt is audited however it ends, and a step that throws still gets an answer. */
export function auditStep(parts: AuditParts): Step {
  return {
    name: 'audit',
    async run(attempt, next) {
      try {
        return await next();
      } catch (error) {
        parts.onInternalError?.(error);
        attempt.outcome = 'failed';
        attempt.error = 'internal error';
        return failureReply(labelOf(attempt.operation) ?? 'Command', error);
      } finally {
        // An attempt that ended without running gives its cooldown slot back (no-op once it ran).
        if (attempt.cooldown !== undefined)
          await attempt.cooldown.release().catch((error: unknown) => parts.onInternalError?.(error));
        parts.record(attempt);
      }
    },
  };
}
