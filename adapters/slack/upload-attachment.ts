import type { webApi } from '@slack/bolt';
import type { ReplyAttachment, Visibility } from '../../src/replies/reply.ts';
import { conversationsOpenSchema } from './slack-payloads.ts';
import { describeWebApiError, type WebApiFailure } from './web-api-errors.ts';

export interface UploadTarget {
  visibility: Visibility;
  userId: string;
  channelId?: string;
}

export type UploadOutcome = { ok: true; where: string } | { ok: false; failure: WebApiFailure };

/**
 * The whole list as a file (files.uploadV2). Where it goes follows the reply's visibility: a
 * private reply's file goes to the caller's direct messages with the app, never to the channel
 * where the command was typed; a channel reply's file goes to that channel.
 */
export async function uploadAttachment(
  client: webApi.WebClient,
  attachment: ReplyAttachment,
  target: UploadTarget,
): Promise<UploadOutcome> {
  try {
    const toChannel = target.visibility === 'channel' && target.channelId !== undefined;
    const channelId = toChannel ? target.channelId : await directMessageChannel(client, target.userId);
    await client.files.uploadV2({
      channel_id: channelId,
      content: attachment.content,
      filename: attachment.fileName,
      title: attachment.fileName,
    });
    return { ok: true, where: toChannel ? 'this channel' : 'your direct messages with this app' };
  } catch (error) {
    return { ok: false, failure: describeWebApiError(error) };
  }
}

async function directMessageChannel(client: webApi.WebClient, userId: string): Promise<string> {
  return conversationsOpenSchema.parse(await client.conversations.open({ users: userId })).channel.id;
}
