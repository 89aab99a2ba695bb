import { type BaseInteraction, GuildMember } from 'discord.js';
import type { RequestMeta } from '../../src/commands/attempt.ts';
import type { Identity } from '../../src/permissions/identity.ts';

/**
 * Who clicked or typed, for the core: the member's role ids and, apart from them so that a name
 * can never pass for an id, the names of those roles as the guild (cached from GUILD_CREATE)
 * calls them. @everyone is left out: Discord never lists it among a member's roles.
 */
export function discordIdentity(interaction: BaseInteraction): Identity {
  const guildId = interaction.guildId ?? undefined;
  const member = interaction.member;
  const roleIds =
    member === null
      ? []
      : member instanceof GuildMember
        ? [...member.roles.cache.keys()].filter((id) => id !== guildId)
        : member.roles;
  const roleNames = roleIds.flatMap((id) => {
    const name = interaction.guild?.roles.cache.get(id)?.name;
    return name === undefined ? [] : [name];
  });
  return {
    platform: 'discord',
    userId: interaction.user.id,
    userName: displayName(interaction),
    groupIds: roleIds,
    groupNames: [...new Set(roleNames)],
    workspace: guildId,
  };
}

export function requestMeta(interaction: BaseInteraction): RequestMeta {
  return { identity: discordIdentity(interaction), channel: interaction.channelId ?? undefined };
}

/** The name the server shows: the member's nickname, else the global display name, else the username. */
function displayName(interaction: BaseInteraction): string {
  const member = interaction.member;
  if (member instanceof GuildMember) return member.displayName;
  if (member !== null && typeof member.nick === 'string' && member.nick !== '') return member.nick;
  return interaction.user.globalName ?? interaction.user.username;
}
