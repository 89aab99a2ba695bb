import { randomBytes } from 'node:crypto';
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import {
  attachmentBytes,
  type ConfirmationPrompt,
  isImageAttachment,
  type Reply,
} from '../../src/replies/reply.ts';
import { ExpiringMap } from '../shared/expiring-map.ts';
import { confirmationButtonId, inertButtonId, pageButtonId } from './custom-ids.ts';
import { COMPONENT_LIMITS } from './discord-limits.ts';
import { truncate } from './fit-text.ts';
import { NO_MENTIONS, type NoMentions } from './no-mentions.ts';
import { clampPage, embedsForPage, layoutReply, pageCount, type ReplyLayout } from './reply-layout.ts';

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** A rendered reply, in the shape discord.js sends (reply, editReply, followUp, channel.send). */
export interface DiscordMessage {
  embeds: APIEmbed[];
  components: ButtonRow[];
  files?: Array<{ attachment: Buffer; name: string; description?: string }>;
  /** Nothing a reply says pings anyone. */
  allowedMentions: NoMentions;
}

export interface ReplyPresenterOptions {
  now?: () => number;
  /** How long a paged list can be turned; an interaction token lives 15 minutes, so does this by default. */
  pageTtlMs?: number;
  maxPagedReplies?: number;
}

const DEFAULT_PAGE_TTL_MS = 15 * 60_000;
const DEFAULT_MAX_PAGED_REPLIES = 200;
/** A prompt's owner is remembered past its deadline, so a late click by them updates the prompt. */
const PROMPT_GRACE_MS = 10 * 60_000;

/**
 * Renders replies as embeds and keeps what their buttons need: the layouts of lists being paged
 * (bounded, expiring) and who owns each confirmation prompt.
 */
export class ReplyPresenter {
  readonly #paged: ExpiringMap<string, ReplyLayout>;
  readonly #promptOwners: ExpiringMap<string, string>;
  readonly #now: () => number;

  constructor(options: ReplyPresenterOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#paged = new ExpiringMap({
      maxEntries: options.maxPagedReplies ?? DEFAULT_MAX_PAGED_REPLIES,
      ttlMs: options.pageTtlMs ?? DEFAULT_PAGE_TTL_MS,
      now: this.#now,
    });
    this.#promptOwners = new ExpiringMap({ maxEntries: 1000, ttlMs: PROMPT_GRACE_MS, now: this.#now });
  }

  /** The first rendering of a reply; `ownerId` is who ran the command, the owner of a prompt. */
  present(reply: Reply, ownerId?: string): DiscordMessage {
    const layout = layoutReply(reply);
    const pages = pageCount(layout);
    const components: ButtonRow[] = [];
    if (pages > 1) {
      const key = randomBytes(9).toString('base64url');
      this.#paged.set(key, layout);
      components.push(pagingRow(key, 1, pages));
    }
    if (reply.confirmation !== undefined) {
      components.push(confirmationRow(reply.confirmation));
      if (ownerId !== undefined) {
        const ttl = reply.confirmation.expiresAt.getTime() - this.#now() + PROMPT_GRACE_MS;
        this.#promptOwners.set(reply.confirmation.id, ownerId, Math.max(ttl, PROMPT_GRACE_MS));
      }
    }
    const message: DiscordMessage = {
      embeds: embedsForPage(layout, 1),
      components,
      allowedMentions: NO_MENTIONS,
    };
    // A list cut into pages is also attached whole; without a list the attachment is all there is.
    // A picture (a chart) is always attached, and shown in the reply's embed.
    const attachment = reply.attachment;
    if (attachment === undefined) return message;
    const image = isImageAttachment(attachment);
    if (!image && layout.list !== undefined && pages <= 1) return message;
    const file: NonNullable<DiscordMessage['files']>[number] = {
      attachment: attachmentBytes(attachment),
      name: attachment.fileName,
    };
    if (attachment.altText !== undefined) file.description = truncate(attachment.altText, 1024);
    message.files = [file];
    const [header, ...rest] = message.embeds;
    if (image && header !== undefined) {
      message.embeds = [{ ...header, image: { url: `attachment://${attachment.fileName}` } }, ...rest];
    }
    return message;
  }

  /** Another page of a list being paged; undefined once the list has expired or made way for others. */
  page(key: string, page: number): Omit<DiscordMessage, 'files'> | undefined {
    const layout = this.#paged.get(key);
    if (layout === undefined) return undefined;
    const pages = pageCount(layout);
    const current = clampPage(page, pages);
    return {
      embeds: embedsForPage(layout, current),
      components: [pagingRow(key, current, pages)],
      allowedMentions: NO_MENTIONS,
    };
  }

  promptOwner(confirmationId: string): string | undefined {
    return this.#promptOwners.get(confirmationId);
  }

  forgetPrompt(confirmationId: string): void {
    this.#promptOwners.delete(confirmationId);
  }
}

function pagingRow(key: string, page: number, pages: number): ButtonRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Previous',
        custom_id: pageButtonId(key, page - 1),
        disabled: page <= 1,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: `${page} / ${pages}`,
        custom_id: inertButtonId(key),
        disabled: true,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Next',
        custom_id: pageButtonId(key, page + 1),
        disabled: page >= pages,
      },
    ],
  };
}

function confirmationRow(prompt: ConfirmationPrompt): ButtonRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Danger,
        label: truncate(prompt.confirmLabel, COMPONENT_LIMITS.buttonLabel) || 'Confirm',
        custom_id: confirmationButtonId(prompt.id, 'confirm'),
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: truncate(prompt.cancelLabel, COMPONENT_LIMITS.buttonLabel) || 'Cancel',
        custom_id: confirmationButtonId(prompt.id, 'cancel'),
      },
    ],
  };
}
