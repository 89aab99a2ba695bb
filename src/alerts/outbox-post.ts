/**
 * A post as the alert outbox keeps it: its idempotency key, and the rendered notice as JSON (a
 * chart's bytes in base64), read back exactly as it was rendered, whichever instance sends it.
 */

import type { Platform } from '../permissions/identity.ts';
import type { Reply } from '../replies/reply.ts';
import { replyFromStored, replyToStored } from '../replies/stored-reply.ts';
import type { StoredValue } from '../state/index.ts';
import type { Notice } from './evaluate.ts';

/**
 * The same post of the same episode always has the same key: the group, the rule, the condition,
 * when the episode started, alert or recovery, and where it goes. The outbox writes a key once.
 */
export function outboxKey(group: string, notice: Notice, platform: Platform, channelId: string): string {
  return [group, notice.rule.name, notice.key, notice.startedAt, notice.type, platform, channelId].join('|');
}

/** The notice as the outbox stores it. A notice has no confirmation prompt; one would be refused. */
export function storedMessage(reply: Reply): StoredValue {
  if (reply.confirmation !== undefined) throw new TypeError('an alert post cannot ask for a confirmation');
  return replyToStored(reply);
}

/** The notice back from the outbox; a message that is not one throws, saying what is wrong. */
export function replyOfStored(message: StoredValue): Reply {
  const read = replyFromStored(message);
  if ('problem' in read) throw new TypeError(`not an alert post: ${read.problem}`);
  return read.reply;
}
