import { createHash } from 'node:crypto';
import type { Client } from 'discord.js';
import type { AlertSink } from '../../src/alerts/alert-sink.ts';
import type { ReplyPresenter } from './reply-presenter.ts';

/** Discord takes a nonce of at most 25 characters (Create Message, `nonce`). */
const NONCE_LENGTH = 25;

/**
 * Alerts as embeds in a channel. discord.js's REST queue waits out rate limits; anything else
 * (an unknown channel, missing access) rejects, so the alert queue can retry or report it.
 *
 * A post with an idempotency key goes with a nonce made from it and `enforce_nonce`: Discord
 * answers a second message with the same nonce from the bot within a few minutes with the first
 * one and creates none, so a post sent again (a retry after a lost answer, or a new leader
 * finishing the outbox) appears once.
 */
export function createDiscordAlertSink(client: Client, presenter: ReplyPresenter): AlertSink {
  return {
    platform: 'discord',
    async post(channelId, alert, key) {
      // A client without a gateway session knows no guild: the channel is taken from REST as it is.
      const channel = await client.channels.fetch(channelId, { allowUnknownGuild: true });
      if (channel === null || !channel.isSendable())
        throw new Error(`Discord channel ${channelId} cannot take messages from the bot`);
      const message = await presenter.present(alert);
      await channel.send(
        key === undefined ? message : { ...message, nonce: nonceOf(key), enforceNonce: true },
      );
    },
  };
}

/** The key's digest, cut to Discord's length: the same key always gives the same nonce. */
export function nonceOf(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, NONCE_LENGTH);
}
