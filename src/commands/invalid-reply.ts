import type { Reply } from '../replies/reply.ts';
import { type Attempt, labelOf } from './attempt.ts';

/** Every step that finds the request malformed answers alike, and audits it as invalid. */
export function invalidReply(attempt: Attempt, message: string, usage?: string): Reply {
  attempt.decision = 'invalid';
  attempt.error = message;
  return {
    title: attempt.operation ? `Cannot run ${labelOf(attempt.operation)}` : 'Unknown command',
    text: usage ? `${sentence(message)}\nUsage: ${usage}` : sentence(message),
    severity: 'error',
    visibility: 'private',
  };
}

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.?!]$/.test(text) ? '' : '.'}`;
}
