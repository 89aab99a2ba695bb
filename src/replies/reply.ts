/**
 * The platform-neutral answer to a command. Adapters render it: Block Kit on Slack, embeds on
 * Discord, plain text on the console. Nothing here knows a platform's limits; adapters page
 * `list` and fall back to `attachment` when the whole text does not fit.
 */

export type Severity = 'info' | 'success' | 'warning' | 'error';

/** private: only the caller sees it (Slack ephemeral, Discord ephemeral); channel: everyone. */
export type Visibility = 'private' | 'channel';

export interface ReplyField {
  label: string;
  value: string;
}

export interface ReplyList {
  heading: string;
  /** Every item, already in display order; adapters show `pageSize` at a time. */
  items: readonly string[];
  pageSize: number;
}

/**
 * A file that goes with the reply: the whole of a long list (text), or a picture (a chart).
 * Text is a string; anything else is its bytes, with its media type.
 */
export interface ReplyAttachment {
  fileName: string;
  content: string | Uint8Array;
  /** e.g. `image/png`; default `text/plain; charset=utf-8`. */
  mediaType?: string;
  /** A picture in words, for who cannot see it (Slack's alt text, Discord's description). */
  altText?: string;
  /** A picture as one line of text, for outputs that cannot show it (the console's sparkline). */
  textPreview?: string;
}

/** Whether the attachment is a picture to show, rather than a text file to offer. */
export function isImageAttachment(attachment: ReplyAttachment): boolean {
  return typeof attachment.content !== 'string' && (attachment.mediaType ?? '').startsWith('image/');
}

/** The attachment's bytes (text as UTF-8). */
export function attachmentBytes(attachment: ReplyAttachment): Buffer {
  return typeof attachment.content === 'string'
    ? Buffer.from(attachment.content, 'utf8')
    : Buffer.from(attachment.content.buffer, attachment.content.byteOffset, attachment.content.byteLength);
}

export interface ConfirmationPrompt {
  /** Pass back to the core with the answer. */
  id: string;
  question: string;
  confirmLabel: string;
  cancelLabel: string;
  expiresAt: Date;
}

export interface Reply {
  title: string;
  text?: string;
  fields?: readonly ReplyField[];
  list?: ReplyList;
  attachment?: ReplyAttachment;
  severity: Severity;
  visibility: Visibility;
  /** Set when the command waits for the caller to confirm a destructive operation. */
  confirmation?: ConfirmationPrompt;
}

export function errorReply(title: string, text: string): Reply {
  return { title, text, severity: 'error', visibility: 'private' };
}

/** A page of a list: 1-based, clamped to the pages that exist. */
export function listPage(
  list: ReplyList,
  page: number,
): { items: readonly string[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(list.items.length / list.pageSize));
  const current = Math.min(Math.max(1, Math.trunc(page)), pages);
  const start = (current - 1) * list.pageSize;
  return { items: list.items.slice(start, start + list.pageSize), page: current, pages };
}
