/** A server as the gateway described it (GUILD_CREATE): its roles by id. */
export interface KnownGuild {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly { readonly id: string; readonly name: string }[];
}

/**
 * For the start-up log: which role each role-name binding stands for in each allowed server, so
 * an admin can replace it by an id binding (a name is only as safe as whoever may create roles).
 */
export function nameBindingLines(
  names: readonly string[],
  guilds: readonly KnownGuild[],
  allowed: ReadonlySet<string>,
): string[] {
  const inScope = guilds.filter((guild) => allowed.has(guild.id));
  const missing = [...allowed].filter((id) => !guilds.some((guild) => guild.id === id));
  return names.flatMap((name) => [
    ...inScope.map((guild) => {
      const ids = guild.roles.filter((role) => role.name === name).map((role) => role.id);
      const where = `in server ${guild.id} (${JSON.stringify(guild.name)})`;
      if (ids.length === 0)
        return `discord: role name binding ${JSON.stringify(name)} matches no role ${where}.`;
      if (ids.length === 1)
        return `discord: role name binding ${JSON.stringify(name)} is role ${ids[0]} ${where}; bind it by id ("${ids[0]}") so that a new or renamed role cannot take it over.`;
      return `discord: role name binding ${JSON.stringify(name)} matches ${ids.length} roles ${where} (${ids.join(', ')}), and each of them grants it; bind the right one by id.`;
    }),
    ...missing.map(
      (id) => `discord: role name binding ${JSON.stringify(name)}: the bot is not in allowed server ${id}.`,
    ),
  ]);
}
