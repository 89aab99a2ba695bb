import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import { attachmentBytes, type ConfirmationPrompt, type Reply } from '../../src/replies/reply.ts';
import type { PromptOwners } from '../shared/confirmation-prompts.ts';
import { fitText } from '../shared/fit-text.ts';
import { interactiveId } from '../shared/interactive-ids.ts';
import { clampPage } from '../shared/list-pages.ts';
import { replyFile } from '../shared/reply-file.ts';
import type { ReplyPages } from '../shared/reply-pages.ts';
import { COMPONENT_LIMITS } from './discord-limits.ts';
import { NO_MENTIONS, type NoMentions } from './no-mentions.ts';
import { embedsForPage, layoutReply, pageCount } from './reply-layout.ts';

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
  /** The shared page store (the adapter's, kept as long as an interaction token lives). */
  pages: Pick<ReplyPages, 'keep' | 'recall'>;
  /** Told who each confirmation prompt is shown to. */
  owners: Pick<PromptOwners, 'shown'>;
}

/** What Discord lets an attachment's description hold. */
const ATTACHMENT_DESCRIPTION_MAX = 1024;

/**
 * Draws the core's replies as embeds, by the shared rules: a long list is paged from the shared
 * page store, a prompt's owner is remembered, a reply's file is attached (a chart shown in its
 * embed). What is Discord's own is how: embeds, buttons, attachments.
 */
export class ReplyPresenter {
  readonly #options: ReplyPresenterOptions;

  constructor(options: ReplyPresenterOptions) {
    this.#options = options;
  }

  /** The first rendering of a reply; `ownerId` is who ran the command, the owner of a prompt. */
  async present(reply: Reply, ownerId?: string): Promise<DiscordMessage> {
    const layout = layoutReply(reply);
    const pages = pageCount(layout);
    const components: ButtonRow[] = [];
    if (pages > 1) components.push(pagingRow(await this.#options.pages.keep(reply), 1, pages));
    if (reply.confirmation !== undefined) {
      components.push(confirmationRow(reply.confirmation));
      if (ownerId !== undefined) await this.#options.owners.shown(reply, ownerId);
    }
    const message: DiscordMessage = {
      embeds: embedsForPage(layout, 1),
      components,
      allowedMentions: NO_MENTIONS,
    };
    const file = replyFile(reply);
    if (file === undefined) return message;
    const { attachment } = file;
    const sent: NonNullable<DiscordMessage['files']>[number] = {
      attachment: attachmentBytes(attachment),
      name: attachment.fileName,
    };
    if (attachment.altText !== undefined)
      sent.description = fitText(attachment.altText, ATTACHMENT_DESCRIPTION_MAX);
    message.files = [sent];
    const [header, ...rest] = message.embeds;
    if (file.image && header !== undefined) {
      message.embeds = [{ ...header, image: { url: `attachment://${attachment.fileName}` } }, ...rest];
    }
    return message;
  }

  /** Another page of a kept list; undefined once it has expired or made way for others. */
  async page(key: string, page: number): Promise<Omit<DiscordMessage, 'files'> | undefined> {
    const reply = await this.#options.pages.recall(key);
    if (reply === undefined) return undefined;
    const layout = layoutReply(reply);
    const pages = pageCount(layout);
    const current = clampPage(page, pages);
    return {
      embeds: embedsForPage(layout, current),
      components: [pagingRow(key, current, pages)],
      allowedMentions: NO_MENTIONS,
    };
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
        custom_id: interactiveId({ kind: 'page', key, page: Math.max(page - 1, 0) }),
        disabled: page <= 1,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: `${page} / ${pages}`,
        custom_id: interactiveId({ kind: 'inert', key }),
        disabled: true,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Next',
        custom_id: interactiveId({ kind: 'page', key, page: page + 1 }),
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
        label: fitText(prompt.confirmLabel, COMPONENT_LIMITS.buttonLabel) || 'Confirm',
        custom_id: interactiveId({ kind: 'confirmation', answer: 'confirm', confirmationId: prompt.id }),
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: fitText(prompt.cancelLabel, COMPONENT_LIMITS.buttonLabel) || 'Cancel',
        custom_id: interactiveId({ kind: 'confirmation', answer: 'cancel', confirmationId: prompt.id }),
      },
    ],
  };
}
