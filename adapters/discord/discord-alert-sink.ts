import type { Client } from 'discord.js';
import type { AlertSink } from '../../src/alerts/alert-sink.ts';
import type { ReplyPresenter } from './reply-presenter.ts';

/**
 * Alerts as embeds in a channel. discord.js's REST queue waits out rate limits; anything else
 * (an unknown channel, missing access) rejects, so the alert queue can retry or report it.
 */
export function createDiscordAlertSink(client: Client, presenter: ReplyPresenter): AlertSink {
  return {
    platform: 'discord',
    async post(channelId, alert) {
      const channel = await client.channels.fetch(channelId);
      if (channel === null || !channel.isSendable())
        throw new Error(`Discord channel ${channelId} cannot take messages from the bot`);
      await channel.send(await presenter.present(alert));
    },
  };
}
