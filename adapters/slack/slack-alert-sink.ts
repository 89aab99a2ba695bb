import { webApi } from '@slack/bolt';
import type { AlertSink } from '../../src/alerts/alert-sink.ts';
import { isImageAttachment } from '../../src/replies/reply.ts';
import { renderReply } from './render-blocks.ts';
import { uploadFile } from './upload-attachment.ts';
import { describeWebApiError } from './web-api-errors.ts';

const HINTS: Readonly<Record<string, string>> = {
  not_in_channel:
    ' Invite the app to that channel (/invite @flashchat-ops): it is private, or chat:write.public is missing.',
  channel_not_found: ' Check the channel id (channel details, at the bottom).',
  is_archived: ' The channel is archived: pick another one.',
  missing_scope: ' Add the missing bot scope (see manifest.yml) and reinstall the app.',
};

/** A post that failed; `retryAfterMs` when Slack was still rate-limiting, for the alert queue's wait. */
export class SlackAlertError extends Error {
  override name = 'SlackAlertError';

  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Occupancy alerts into a channel with chat.postMessage. The client should be the sink's own: a
 * 429 pauses the client it hit for the Retry-After, which must not hold up the user-group reads
 * of commands. The client's bounded retry policy waits each Retry-After and tries again; a post
 * that still fails rejects with the reason (and, when rate-limited, how long Slack asked to wait).
 * An alert's chart is uploaded into the channel after the post; a failed upload is logged, not
 * retried: the alert itself has been delivered and must not be posted twice.
 */
export function createSlackAlertSink(
  client: webApi.WebClient,
  log: (line: string) => void = () => {},
): AlertSink {
  // Posts go one at a time (the alert queue's order), so the last 429 seen belongs to this post.
  let retryAfterSeconds: number | undefined;
  client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => {
    retryAfterSeconds = seconds;
  });
  return {
    platform: 'slack',
    async post(channelId, alert) {
      const message = renderReply(alert);
      retryAfterSeconds = undefined;
      try {
        await client.chat.postMessage({ channel: channelId, text: message.text, blocks: message.blocks });
      } catch (error) {
        const failure = describeWebApiError(error);
        // Retries exhausted on 429s end as a request error; anything Slack answered is its own reason.
        const rateLimited = retryAfterSeconds !== undefined && failure.code === 'request_failed';
        const reason = rateLimited
          ? `Slack kept rate-limiting it (Retry-After ${retryAfterSeconds} s)`
          : failure.summary;
        throw new SlackAlertError(
          `Slack: the alert could not be posted to ${channelId}: ${reason}.${HINTS[failure.code] ?? ''}`,
          rateLimited && retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : undefined,
        );
      }
      const chart = alert.attachment;
      if (chart === undefined || !isImageAttachment(chart)) return;
      try {
        await uploadFile(client, chart, channelId);
      } catch (error) {
        const failure = describeWebApiError(error);
        log(
          `Slack: the alert was posted to ${channelId}, but its chart could not be uploaded (${failure.summary}).${failure.code === 'not_in_channel' ? ' Invite the app to the channel: uploads need it to be a member.' : ''}`,
        );
      }
    },
  };
}
