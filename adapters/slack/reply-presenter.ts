import { randomUUID } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import { isImageAttachment, type Reply, type ReplyAttachment } from '../../src/replies/reply.ts';
import { ExpiringMap } from '../shared/expiring-map.ts';
import { slackPageCount } from './list-pages.ts';
import { renderReply, type SlackMessage } from './render-blocks.ts';
import { uploadAttachment } from './upload-attachment.ts';

export interface PresenterOptions {
  client: webApi.WebClient;
  log: (message: string) => void;
  /** Upload a long list's attachment and a chart as files (files:write); false: always page, no charts. */
  uploadAttachments: boolean;
  /** How long a long reply can be paged; default 30 minutes, as long as Slack's response_url lives. */
  pagesTtlMs?: number;
  /** How many long replies are kept for paging at once; the oldest goes first. */
  maxPagedReplies?: number;
  now?: () => number;
}

export interface Audience {
  userId: string;
  channelId?: string;
}

const COUNT = new Intl.NumberFormat('en-US');

/** Kept a while after a prompt's deadline, so a late click is still answered in place. */
const PROMPT_GRACE_MS = 10 * 60_000;

/**
 * Turns the core's replies into Slack messages: pages long lists (remembering the reply so the
 * buttons can show other pages) or uploads them whole, and remembers who each confirmation
 * prompt was shown to, so an answer from its owner replaces the prompt.
 */
export class ReplyPresenter {
  readonly #options: PresenterOptions;
  readonly #pages: ExpiringMap<string, Reply>;
  readonly #promptOwners: ExpiringMap<string, string>;
  readonly #pagesTtlMs: number;
  readonly #now: () => number;

  constructor(options: PresenterOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#pagesTtlMs = options.pagesTtlMs ?? 30 * 60_000;
    this.#pages = new ExpiringMap({ maxEntries: options.maxPagedReplies ?? 200, now: this.#now });
    this.#promptOwners = new ExpiringMap({ maxEntries: 10_000, now: this.#now });
  }

  async present(reply: Reply, audience: Audience): Promise<SlackMessage> {
    if (reply.confirmation) {
      const ttl = reply.confirmation.expiresAt.getTime() - this.#now() + PROMPT_GRACE_MS;
      this.#promptOwners.set(reply.confirmation.id, audience.userId, Math.max(ttl, PROMPT_GRACE_MS));
    }
    if (reply.attachment && isImageAttachment(reply.attachment))
      return this.#presentImage(reply, reply.attachment, audience);
    const paged = reply.list !== undefined && slackPageCount(reply.list) > 1;
    // A reply's file reaches the user whatever the list's length, as on Discord and the console.
    if (reply.attachment && this.#options.uploadAttachments) {
      const upload = await uploadAttachment(this.#options.client, reply.attachment, {
        visibility: reply.visibility,
        ...audience,
      });
      if (upload.ok)
        return renderReply(reply, {
          note:
            reply.list && paged
              ? `The whole list (${COUNT.format(reply.list.items.length)} items) is in ${reply.attachment.fileName}, sent to ${upload.where}.`
              : `${reply.attachment.fileName} was sent to ${upload.where}.`,
        });
      this.#options.log(
        `Slack: could not upload ${reply.attachment.fileName} (${upload.failure.summary})${paged ? '; the list is shown in pages instead' : ''}.`,
      );
    }
    if (!paged) return renderReply(reply);
    const pagesKey = randomUUID();
    this.#pages.set(pagesKey, reply, this.#pagesTtlMs);
    return renderReply(reply, { pagesKey });
  }

  /** A picture (a chart) is uploaded as a file next to the message; if it cannot be, its text preview stands in. */
  async #presentImage(reply: Reply, image: ReplyAttachment, audience: Audience): Promise<SlackMessage> {
    const preview = image.textPreview === undefined ? '' : ` ${image.textPreview}`;
    if (!this.#options.uploadAttachments) {
      return renderReply(reply, { note: `${image.fileName} is not shown: file uploads are off.${preview}` });
    }
    const upload = await uploadAttachment(this.#options.client, image, {
      visibility: reply.visibility,
      ...audience,
    });
    if (upload.ok)
      return renderReply(reply, { note: `The chart is in ${image.fileName}, sent to ${upload.where}.` });
    this.#options.log(`Slack: could not upload ${image.fileName} (${upload.failure.summary}).`);
    return renderReply(reply, {
      note: `The chart could not be uploaded (${upload.failure.summary}).${preview}`,
    });
  }

  /** Another page of a remembered reply; undefined once it has expired. */
  page(pagesKey: string, page: number): SlackMessage | undefined {
    const reply = this.#pages.get(pagesKey);
    return reply ? renderReply(reply, { pagesKey, page }) : undefined;
  }

  /** Who the prompt was shown to, while it is remembered. */
  promptOwner(confirmationId: string): string | undefined {
    return this.#promptOwners.get(confirmationId);
  }
}
