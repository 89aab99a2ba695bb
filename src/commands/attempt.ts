import type { AuditDecision, AuditOutcome } from '../audit/index.ts';
import type { Operation } from '../catalogue/operation.ts';
import type { Identity } from '../permissions/identity.ts';
import type { Reply } from '../replies/reply.ts';
import type { CooldownSlot } from './cooldowns.ts';

/** Who asked, and where: what an adapter knows of a request besides its content. */
export interface RequestMeta {
  identity: Identity;
  channel?: string;
}

/**
 * One command attempt as it moves through the steps; the audit step writes what it became.
 * Steps fill it in: the operation once known, the values as given, the params once valid.
 */
export interface Attempt {
  meta: RequestMeta;
  startedAt: number;
  line?: string;
  operation?: Operation;
  values: Record<string, unknown>;
  params?: Record<string, unknown>;
  decision: AuditDecision;
  outcome: AuditOutcome;
  result?: string;
  error?: string;
  /** When the chat server failed: the kind of failure (unreachable, timeout, refused, …). */
  serverErrorKind?: string;
  /** The cooldown slot this attempt holds until it runs (then it is the run) or ends without running. */
  cooldown?: CooldownSlot;
}

export type Step = (attempt: Attempt, next: () => Promise<Reply>) => Promise<Reply>;

/** Runs the steps in order, each deciding whether to call the next (bolt-js listener middleware). */
export function runSteps(
  steps: readonly Step[],
  attempt: Attempt,
  last: () => Promise<Reply>,
): Promise<Reply> {
  const at = (index: number): Promise<Reply> => {
    const step = steps[index];
    return step ? step(attempt, () => at(index + 1)) : last();
  };
  return at(0);
}
