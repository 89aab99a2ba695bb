import type { webApi } from '@slack/bolt';
import type { Reply } from '../../src/replies/reply.ts';
import type { PromptOwners } from '../shared/confirmation-prompts.ts';
import { fileSentNote, type ReplyFile, replyFile } from '../shared/reply-file.ts';
import type { ReplyPages } from '../shared/reply-pages.ts';
import { slackListPages } from './list-pages.ts';
import { renderReply, type SlackMessage } from './render-blocks.ts';
import { uploadAttachment } from './upload-attachment.ts';

export interface PresenterOptions {
  client: webApi.WebClient;
  log: (message: string) => void;
  /** Upload a reply's file and a chart (files:write); false: lists are paged, charts not shown. */
  uploadAttachments: boolean;
  /** The shared page store (the adapter's, kept as long as Slack's response_url lives). */
  pages: ReplyPages;
  /** Told who each confirmation prompt is shown to. */
  owners: PromptOwners;
}

export interface Audience {
  userId: string;
  channelId?: string;
}

/**
 * Draws the core's replies as Slack messages, by the shared rules: a reply's file is uploaded
 * next to it, a long list is paged from the shared page store, a prompt's owner is remembered.
 * What is Slack's own is how: Block Kit, files.uploadV2, and where an upload goes.
 */
export class ReplyPresenter {
  readonly #options: PresenterOptions;

  constructor(options: PresenterOptions) {
    this.#options = options;
  }

  async present(reply: Reply, audience: Audience): Promise<SlackMessage> {
    await this.#options.owners.shown(reply, audience.userId);
    const file = replyFile(reply);
    const paged = reply.list !== undefined && slackListPages(reply.list).count > 1;
    if (file?.image) return this.#presentImage(reply, file, audience);
    if (file && this.#options.uploadAttachments) {
      const upload = await uploadAttachment(this.#options.client, file.attachment, {
        visibility: reply.visibility,
        ...audience,
      });
      if (upload.ok) return renderReply(reply, { note: fileSentNote(reply, file, upload.where, paged) });
      this.#options.log(
        `Slack: could not upload ${file.attachment.fileName} (${upload.failure.summary})${paged ? '; the list is shown in pages instead' : ''}.`,
      );
    }
    if (!paged) return renderReply(reply);
    return renderReply(reply, { pagesKey: await this.#options.pages.keep(reply) });
  }

  /** A picture (a chart) is uploaded as a file next to the message; if it cannot be, its text preview stands in. */
  async #presentImage(reply: Reply, image: ReplyFile, audience: Audience): Promise<SlackMessage> {
    const { fileName, textPreview } = image.attachment;
    const preview = textPreview === undefined ? '' : ` ${textPreview}`;
    if (!this.#options.uploadAttachments) {
      return renderReply(reply, { note: `${fileName} is not shown: file uploads are off.${preview}` });
    }
    const upload = await uploadAttachment(this.#options.client, image.attachment, {
      visibility: reply.visibility,
      ...audience,
    });
    if (upload.ok) return renderReply(reply, { note: fileSentNote(reply, image, upload.where, false) });
    this.#options.log(`Slack: could not upload ${fileName} (${upload.failure.summary}).`);
    return renderReply(reply, {
      note: `The chart could not be uploaded (${upload.failure.summary}).${preview}`,
    });
  }

  /** Another page of a kept reply; undefined once it has expired. */
  async page(pagesKey: string, page: number): Promise<SlackMessage | undefined> {
    const reply = await this.#options.pages.recall(pagesKey);
    return reply ? renderReply(reply, { pagesKey, page }) : undefined;
  }
}
