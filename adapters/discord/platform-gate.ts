import type { BaseInteraction } from 'discord.js';
import { errorReply, type Reply } from '../../src/replies/reply.ts';

/**
 * Where `/chat` may be used at all, before anything reaches the core: a server, and the configured
 * one when DISCORD_GUILD_ID is set. What a member may run there is the core's decision.
 */
export function gateRefusal(interaction: BaseInteraction, guildId: string | undefined): Reply | undefined {
  if (!interaction.inGuild())
    return errorReply(
      'Not here',
      'flashchat-ops takes commands in a server channel, not in direct messages.',
    );
  if (guildId !== undefined && interaction.guildId !== guildId)
    return errorReply('Not here', 'flashchat-ops is not set up for this server.');
  return undefined;
}
