import type { webApi } from '@slack/bolt';
import { attachmentBytes, type ReplyAttachment, type Visibility } from '../../src/replies/reply.ts';
import { conversationsOpenSchema } from './slack-payloads.ts';
import { escapeSlackText } from './slack-text.ts';
import { describeWebApiError, type WebApiFailure } from './web-api-errors.ts';

export interface UploadTarget {
  visibility: Visibility;
  userId: string;
  channelId?: string;
}

export type UploadOutcome = { ok: true; where: string } | { ok: false; failure: WebApiFailure };

/**
 * An attachment as a file (files.uploadV2): a long list's text, or a picture's bytes (a chart,
 * with its alt text). Where it goes follows the reply's visibility: a private reply's file goes
 * to the caller's direct messages with the app, never to the channel where the command was
 * typed; a channel reply's file goes to that channel.
 */
export async function uploadAttachment(
  client: webApi.WebClient,
  attachment: ReplyAttachment,
  target: UploadTarget,
): Promise<UploadOutcome> {
  try {
    const toChannel = target.visibility === 'channel' && target.channelId !== undefined;
    const channelId = toChannel ? target.channelId : await directMessageChannel(client, target.userId);
    await uploadFile(client, attachment, channelId);
    return { ok: true, where: toChannel ? 'this channel' : 'your direct messages with this app' };
  } catch (error) {
    return { ok: false, failure: describeWebApiError(error) };
  }
}

/**
 * files.uploadV2 of one attachment into a channel; rejects as the Web API client does. The title
 * and alt text are shown as text, so they are escaped like every other string sent to Slack; the
 * file name keeps only characters that mean nothing anywhere (letters, digits, `.`, `-`, `_`).
 */
export async function uploadFile(
  client: webApi.WebClient,
  attachment: ReplyAttachment,
  channelId: string | undefined,
): Promise<void> {
  const common = {
    channel_id: channelId,
    filename: safeFileName(attachment.fileName),
    title: escapeSlackText(attachment.fileName),
    ...(attachment.altText === undefined ? {} : { alt_text: escapeSlackText(attachment.altText) }),
  };
  await client.files.uploadV2(
    typeof attachment.content === 'string'
      ? { ...common, content: attachment.content }
      : { ...common, file: attachmentBytes(attachment) },
  );
}

async function directMessageChannel(client: webApi.WebClient, userId: string): Promise<string> {
  return conversationsOpenSchema.parse(await client.conversations.open({ users: userId })).channel.id;
}

/** The attachment's name with anything but letters, digits, `.`, `-` and `_` as `_`. */
export function safeFileName(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]/gu, '_') || 'attachment';
}
