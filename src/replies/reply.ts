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

export interface ReplyAttachment {
  fileName: string;
  content: string;
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
