import { FlashChatError } from '../protocol/errors.ts';
import type { Reply } from '../replies/reply.ts';

/**
 * What a moderator is told when the chat server could not do what was asked. A timeout after
 * the command was sent is not a failure for certain: the reply says so rather than invite a
 * second broadcast.
 */
export function failureReply(label: string, error: unknown): Reply {
  if (!(error instanceof FlashChatError)) {
    return {
      title: `${label} failed`,
      text: 'flashchat-ops hit an internal error; it has been logged. Nothing else was changed by this command.',
      severity: 'error',
      visibility: 'private',
    };
  }
  const sentenceOf = (text: string) =>
    `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.?!]$/.test(text) ? '' : '.'}`;
  const consequence =
    error.kind === 'refused'
      ? ''
      : error.commandSent
        ? ' The command was sent and may have been applied: check before trying again.'
        : ' Nothing was sent.';
  return {
    title: `${label} failed`,
    text: `${sentenceOf(error.message)}${consequence}`,
    severity: 'error',
    visibility: 'private',
  };
}
