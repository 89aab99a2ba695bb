/**
 * A reply as the state store keeps it (a list's pages, an alert post in the outbox): JSON, with
 * an attachment's bytes as base64 and a prompt's deadline as ms since the epoch, so that whichever
 * instance reads it back draws what the writing instance would have drawn.
 */

import { z } from 'zod';
import type { StoredValue } from '../state/state-store.ts';
import { asStoredValue } from '../state/stored-value.ts';
import { attachmentBytes, type Reply, type ReplyAttachment } from './reply.ts';

const storedAttachment = z.object({
  fileName: z.string(),
  content: z.union([z.object({ text: z.string() }), z.object({ base64: z.base64() })]),
  mediaType: z.string().optional(),
  altText: z.string().optional(),
  textPreview: z.string().optional(),
});

const storedReply = z.object({
  title: z.string(),
  text: z.string().optional(),
  fields: z.array(z.object({ label: z.string(), value: z.string() })).optional(),
  list: z.object({ heading: z.string(), items: z.array(z.string()), pageSize: z.number() }).optional(),
  attachment: storedAttachment.optional(),
  severity: z.enum(['info', 'success', 'warning', 'error']),
  visibility: z.enum(['private', 'channel']),
  confirmation: z
    .object({
      id: z.string(),
      question: z.string(),
      confirmLabel: z.string(),
      cancelLabel: z.string(),
      expiresAt: z.number(),
    })
    .optional(),
});

type StoredReply = z.infer<typeof storedReply>;
type StoredAttachment = z.infer<typeof storedAttachment>;

export function replyToStored(reply: Reply): StoredValue {
  return asStoredValue(toStored(reply), 'the reply');
}

/** The reply back, or what is wrong with a value that is not one (another release's, say). */
export function replyFromStored(stored: StoredValue): { reply: Reply } | { problem: string } {
  const parsed = storedReply.safeParse(stored);
  return parsed.success ? { reply: fromStored(parsed.data) } : { problem: z.prettifyError(parsed.error) };
}

function toStored(reply: Reply): StoredReply {
  const { attachment, confirmation, fields, list } = reply;
  return {
    title: reply.title,
    text: reply.text,
    fields: fields?.map(({ label, value }) => ({ label, value })),
    list: list && { heading: list.heading, items: [...list.items], pageSize: list.pageSize },
    attachment: attachment && storedAttachmentOf(attachment),
    severity: reply.severity,
    visibility: reply.visibility,
    confirmation: confirmation && { ...confirmation, expiresAt: confirmation.expiresAt.getTime() },
  };
}

function storedAttachmentOf(attachment: ReplyAttachment): StoredAttachment {
  return {
    fileName: attachment.fileName,
    content:
      typeof attachment.content === 'string'
        ? { text: attachment.content }
        : { base64: attachmentBytes(attachment).toString('base64') },
    mediaType: attachment.mediaType,
    altText: attachment.altText,
    textPreview: attachment.textPreview,
  };
}

function fromStored(stored: StoredReply): Reply {
  const { attachment, confirmation, ...rest } = stored;
  return withoutUndefined({
    ...rest,
    attachment: attachment && withoutUndefined({ ...attachment, content: contentOf(attachment.content) }),
    confirmation: confirmation && { ...confirmation, expiresAt: new Date(confirmation.expiresAt) },
  });
}

function contentOf(content: StoredAttachment['content']): string | Uint8Array {
  if ('text' in content) return content.text;
  const bytes = Buffer.from(content.base64, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** An absent field stays absent, as in the reply that was kept (not present and undefined). */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
