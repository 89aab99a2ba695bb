import type { Reply } from '../../replies/reply.ts';
import { formatDuration } from '../../time/format-duration.ts';
import { type Attempt, labelOf, ownerKey, required } from '../attempt.ts';
import type { Confirmations } from '../confirmations.ts';
import { answer, type Step } from '../run-steps.ts';
import type { PendingRun } from './ask-confirmation.ts';

/** An answer to a prompt runs what was asked only once, for the one who asked, in time; a cancel runs nothing. */
export function claimConfirmationStep(confirmations: Confirmations<PendingRun>): Step {
  return {
    name: 'claim-confirmation',
    async run(attempt, next) {
      const { id, choice } = required(attempt.answer);
      const claim = await confirmations.claim(id, ownerKey(attempt.meta));
      if (claim.status !== 'unknown') {
        attempt.operation = claim.pending.payload.operation;
        attempt.values = claim.pending.payload.values;
        attempt.params = claim.pending.payload.params;
      }
      switch (claim.status) {
        case 'unknown':
          return refuse(
            attempt,
            'confirmation_refused',
            'This confirmation was already answered or is unknown.',
          );
        case 'not_owner':
          return refuse(
            attempt,
            'confirmation_refused',
            'Only the person who ran this command can confirm it.',
          );
        case 'expired':
          return refuse(
            attempt,
            'expired',
            `This confirmation expired after ${formatDuration(confirmations.timeoutMs)}. Run the command again.`,
          );
        case 'claimed':
          if (choice === 'cancel')
            return refuse(attempt, 'cancelled', 'Cancelled: nothing was changed.', 'info');
          attempt.decision = 'confirmed';
          return next();
      }
    },
  };
}

function refuse(
  attempt: Attempt,
  decision: Attempt['decision'],
  text: string,
  severity: Reply['severity'] = 'warning',
): Promise<Reply> {
  attempt.decision = decision;
  attempt.error = decision === 'cancelled' ? undefined : text;
  return answer({
    title: labelOf(attempt.operation) ?? 'Confirmation',
    text,
    severity,
    visibility: 'private',
  });
}
