import type { Identity } from '../permissions/index.ts';
import type { Reply } from '../replies/reply.ts';
import type { Attempt } from './attempt.ts';

/** Both permission steps refuse alike: the explanation, then why the groups may have given less. */
export function deniedReply(attempt: Attempt, explanation: string, after: readonly string[] = []): Reply {
  attempt.decision = 'denied';
  const text = [explanation, ...membershipNotes(attempt.meta.identity), ...after].join(' ');
  attempt.error = text;
  return { title: 'Not allowed', text, severity: 'error', visibility: 'private' };
}

/** Why the groups may have given less than expected, for a denial: unreadable groups, bindings dropped. */
function membershipNotes(identity: Identity): string[] {
  const { membershipUnavailable: unavailable, droppedBindings = [] } = identity;
  return [...(unavailable ? [`Your groups could not be read: ${unavailable}`] : []), ...droppedBindings];
}
