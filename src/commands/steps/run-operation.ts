import type { OperationContext } from '../../catalogue/operation.ts';
import { FlashChatError } from '../../protocol/errors.ts';
import type { Reply } from '../../replies/reply.ts';
import { type Attempt, labelOf, required } from '../attempt.ts';
import { failureReply } from '../failure-reply.ts';
import type { Step } from '../run-steps.ts';

export interface RunOperationParts {
  contextOf(attempt: Attempt): OperationContext;
  /** Whether replies of operations that change the chat are shown in the channel. */
  announceChanges: boolean;
  /** For the process log; the user is told only that something went wrong. */
  onInternalError?(error: unknown): void;
}

/** The last step: what every other step let through runs, and its failure is told as the user can act on it. */
export function runOperationStep(parts: RunOperationParts): Step {
  return {
    name: 'run',
    async run(attempt): Promise<Reply> {
      const operation = required(attempt.operation);
      // The slot this attempt reserved becomes its run: the cooldown counts from now. Moved while
      // the operation runs (a shared store is a round trip away); should the move fail, the slot
      // still holds until the end the reservation gave it.
      const committing = attempt.cooldown?.commit().catch((error: unknown) => parts.onInternalError?.(error));
      try {
        const reply = await operation.run(required(attempt.params) as never, parts.contextOf(attempt));
        attempt.outcome = reply.severity === 'error' ? 'failed' : 'ok';
        if (reply.severity === 'error') attempt.error = reply.text ?? reply.title;
        if (reply.visibility === 'channel' && !parts.announceChanges)
          return { ...reply, visibility: 'private' };
        return reply;
      } catch (error) {
        if (error instanceof FlashChatError) attempt.serverErrorKind = error.kind;
        const reply = failureReply(labelOf(operation) ?? operation.name, error);
        if (reply.text?.startsWith('flashchat-ops hit an internal error')) parts.onInternalError?.(error);
        attempt.outcome = 'failed';
        attempt.error = reply.text;
        return reply;
      } finally {
        await committing;
      }
    },
  };
}
