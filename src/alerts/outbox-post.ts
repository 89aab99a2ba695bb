/**
 * A post as the alert outbox keeps it: its idempotency key, and the rendered notice as JSON (a
 * chart's bytes in base64), read back exactly as it was rendered, whichever instance sends it.
 */

import { z } from 'zod';
import type { Platform } from '../permissions/identity.ts';
import type { Reply } from '../replies/reply.ts';
import { asStoredValue, type StoredValue } from '../state/index.ts';
import type { Notice } from './evaluate.ts';

/**
 * The same post of the same episode always has the same key: the group, the rule, the condition,
 * when the episode started, alert or recovery, and where it goes. The outbox writes a key once.
 */
export function outboxKey(group: string, notice: Notice, platform: Platform, channelId: string): string {
  return [group, notice.rule.name, notice.key, notice.startedAt, notice.type, platform, channelId].join('|');
}

const attachmentContent = z.union([
  z.object({ text: z.string() }).strict(),
  z.object({ base64: z.string() }).strict(),
]);

const storedReply = z
  .object({
    title: z.string(),
    text: z.string().optional(),
    fields: z.array(z.object({ label: z.string(), value: z.string() }).strict()).optional(),
    list: z
      .object({ heading: z.string(), items: z.array(z.string()), pageSize: z.number().int().positive() })
      .strict()
      .optional(),
    attachment: z
      .object({
        fileName: z.string(),
        content: attachmentContent,
        mediaType: z.string().optional(),
        altText: z.string().optional(),
        textPreview: z.string().optional(),
      })
      .strict()
      .optional(),
    severity: z.enum(['info', 'success', 'warning', 'error']),
    visibility: z.enum(['private', 'channel']),
  })
  .strict();

/** The notice as the outbox stores it. A notice has no confirmation prompt; one would be refused. */
export function storedMessage(reply: Reply): StoredValue {
  if (reply.confirmation !== undefined) throw new TypeError('an alert post cannot ask for a confirmation');
  const { attachment } = reply;
  return asStoredValue({
    ...reply,
    attachment:
      attachment === undefined
        ? undefined
        : {
            ...attachment,
            content:
              typeof attachment.content === 'string'
                ? { text: attachment.content }
                : { base64: Buffer.from(attachment.content).toString('base64') },
          },
  });
}

/** The notice back from the outbox; a message that is not one throws, saying what is wrong. */
export function replyOfStored(message: StoredValue): Reply {
  const { attachment, ...reply } = storedReply.parse(message);
  if (attachment === undefined) return reply;
  const content =
    'text' in attachment.content
      ? attachment.content.text
      : new Uint8Array(Buffer.from(attachment.content.base64, 'base64'));
  return { ...reply, attachment: { ...attachment, content } };
}
