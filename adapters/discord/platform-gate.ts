import type { BaseInteraction } from 'discord.js';
import { errorReply, type Reply } from '../../src/replies/reply.ts';

/** The servers `/chat` is taken in: DISCORD_GUILD_ID and `bindings.discord.guilds`, both when both are set. */
export interface GuildGate {
  /** DISCORD_GUILD_ID: where `/chat` is registered. */
  readonly registeredIn?: string;
  /** `bindings.discord.guilds`. */
  readonly allowed?: ReadonlySet<string>;
}

export interface GateRefusal {
  readonly reply: Reply;
  /** For the log and the audit entry. */
  readonly reason: string;
}

/**
 * Where `/chat` may be used at all, before anything reaches the command path: a server, and only
 * one the configuration names. What a member may run there is the core's decision.
 */
export function gateRefusal(interaction: BaseInteraction, gate: GuildGate): GateRefusal | undefined {
  if (!interaction.inGuild())
    return {
      reply: errorReply(
        'Not here',
        'flashchat-ops takes commands in a server channel, not in direct messages.',
      ),
      reason: 'a direct message',
    };
  const guildId = interaction.guildId;
  const registered = gate.registeredIn === undefined || gate.registeredIn === guildId;
  const allowed = gate.allowed === undefined || gate.allowed.has(guildId);
  if (!registered || !allowed)
    return {
      reply: errorReply('Not here', 'flashchat-ops is not set up for this server.'),
      reason: `server ${guildId} is not ${allowed ? 'DISCORD_GUILD_ID' : 'in bindings.discord.guilds'}`,
    };
  return undefined;
}
