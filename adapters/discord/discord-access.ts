import type { Bindings } from '../../src/permissions/access-schema.ts';
import { isDiscordRoleId } from '../../src/permissions/binding-keys.ts';
import type { DiscordAdapterOptions } from './discord-adapter.ts';

/** What the Discord adapter needs to know of the bindings: where it may be used, and which bindings are names. */
export function discordAccess(
  bindings: Bindings,
): Pick<DiscordAdapterOptions, 'guilds' | 'roleNameBindings'> {
  const roleNameBindings = Object.keys(bindings.discord.roles).filter((key) => !isDiscordRoleId(key));
  return bindings.discord.guilds === undefined
    ? { roleNameBindings }
    : { guilds: bindings.discord.guilds, roleNameBindings };
}
