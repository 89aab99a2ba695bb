import type { Operation, OperationContext } from '../../catalogue/operation.ts';
import type { Reply } from '../../replies/reply.ts';
import { type Attempt, labelOf, ownerKey, required } from '../attempt.ts';
import type { Confirmations } from '../confirmations.ts';
import type { Next, Step } from '../run-steps.ts';

/** What waits for the caller's answer: the run as it would have been, rooms resolved. */
export interface PendingRun {
  operation: Operation;
  values: Record<string, unknown>;
  params: Record<string, unknown>;
}

export interface AskConfirmationParts {
  confirmations: Confirmations<PendingRun>;
  contextOf(attempt: Attempt): OperationContext;
}

/** A destructive operation, or one that says this case needs a second thought, waits for the caller's yes. */
export function askConfirmationStep(parts: AskConfirmationParts): Step {
  const ask = async (attempt: Attempt, question: string): Promise<Reply> => {
    const operation = required(attempt.operation);
    const { confirmations } = parts;
    const pending = await confirmations.open(ownerKey(attempt.meta), {
      operation,
      values: attempt.values,
      params: required(attempt.params),
    });
    attempt.decision = 'confirmation_requested';
    return {
      title: `Confirm: ${labelOf(operation)}`,
      text: `${question} Answer within ${Math.round(confirmations.timeoutMs / 1000)} s.`,
      severity: 'warning',
      visibility: 'private',
      confirmation: {
        id: pending.id,
        question,
        confirmLabel: 'Confirm',
        cancelLabel: 'Cancel',
        expiresAt: new Date(pending.expiresAt),
      },
    };
  };
  const askIfNeeded = async (attempt: Attempt, operation: Operation, next: Next): Promise<Reply> => {
    const question = await operation.confirmIf?.(required(attempt.params) as never, parts.contextOf(attempt));
    return question === undefined ? next() : ask(attempt, question);
  };
  return {
    name: 'ask-confirmation',
    run(attempt, next) {
      const operation = required(attempt.operation);
      const params = required(attempt.params);
      if (operation.destructive)
        return ask(
          attempt,
          operation.confirmQuestion?.(params as never, parts.contextOf(attempt)) ??
            `Run ${labelOf(operation)}?`,
        );
      return operation.confirmIf === undefined ? next() : askIfNeeded(attempt, operation, next);
    },
  };
}
