import type { Reply } from '../../replies/reply.ts';
import { type Attempt, labelOf, ownerKey, required } from '../attempt.ts';
import type { Cooldowns } from '../cooldowns.ts';
import type { Next, Step } from '../run-steps.ts';

/** Declared cooldowns keep one user from running an operation (a broadcast) again and again. */
export function cooldownStep(cooldowns: Cooldowns): Step {
  return {
    name: 'cooldown',
    run(attempt, next) {
      const operation = required(attempt.operation);
      // Most operations have no cooldown: they pass on without a trip to the store.
      return cooldowns.applies(operation.name) ? takeSlot(cooldowns, attempt, next) : next();
    },
  };
}

async function takeSlot(cooldowns: Cooldowns, attempt: Attempt, next: Next): Promise<Reply> {
  const operation = required(attempt.operation);
  // Taken now, before any step waits on anything else, and decided by the state store: a second
  // attempt in flight finds the slot taken. It is given back by the audit step if this attempt
  // ends without running.
  const reservation = await cooldowns.reserve(ownerKey(attempt.meta), operation.name);
  if (reservation.ok) {
    attempt.cooldown = reservation.slot;
    return next();
  }
  attempt.decision = 'cooldown';
  const seconds = Math.ceil(reservation.remainingMs / 1000);
  attempt.error = `cooldown: ${seconds} s left`;
  return {
    title: 'Please wait',
    text: `You ran ${labelOf(operation)} moments ago. Try again in ${seconds} s.`,
    severity: 'warning',
    visibility: 'private',
  };
}
