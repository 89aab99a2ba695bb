import {
  REPLY_CODES,
  REPLY_ROOT_ELEMENT,
  type ReplyCodeName,
  SUCCESS_RESULT,
} from '../protocol/reply-codes.ts';
import { escapeAttribute } from '../protocol/xml-text.ts';

/** What one command came to, before it is written as a reply. */
export type CommandOutcome =
  | { readonly accepted: true; readonly result: string; readonly message: string }
  | { readonly accepted: false; readonly reason: ReplyCodeName; readonly message: string };

export function success(message: string, result: string = SUCCESS_RESULT): CommandOutcome {
  return { accepted: true, result, message };
}

export function refusal(reason: ReplyCodeName, message: string): CommandOutcome {
  return { accepted: false, reason, message };
}

export function resultOf(outcome: CommandOutcome): string {
  return outcome.accepted ? outcome.result : String(REPLY_CODES[outcome.reason]);
}

/**
 * `<?xml version="1.0" encoding="UTF-8"?><Response type=".." result=".." message=".."/>`, the
 * convention of src/protocol/reply-codes.ts. `type` is the command's type as sent, or empty when
 * the command could not be read. The caller appends the zero byte.
 */
export function formatReply(type: string, outcome: CommandOutcome): string {
  const attributes = [
    ['type', type],
    ['result', resultOf(outcome)],
    ['message', outcome.message],
  ]
    .map(([name, value]) => `${name}="${escapeAttribute(value ?? '')}"`)
    .join(' ');
  return `<?xml version="1.0" encoding="UTF-8"?><${REPLY_ROOT_ELEMENT} ${attributes}/>`;
}
