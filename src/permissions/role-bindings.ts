import type { Bindings, RoleRefs } from './access-schema.ts';
import { isDiscordRoleId, isSlackHandle } from './binding-keys.ts';
import type { Identity } from './identity.ts';

/**
 * Which roles an identity holds, from the bindings: by user id, by the groups (Slack) or roles
 * (Discord) the adapter says the user is a member of, and the console's role. A key that is an
 * id matches the identity's group ids only; a key that is a name (a Slack `@handle`, a Discord
 * role name) matches its group names only, exactly as written. So a Discord role *named*
 * "222222222222222222" never passes for the role whose id that is.
 */
export type RolesOf = (identity: Identity) => readonly string[];

interface GroupBindings {
  /** Group id -> roles. A Map, so a key such as "constructor" finds nothing rather than Object's prototype. */
  readonly byId: ReadonlyMap<string, readonly string[]>;
  /** Group name -> roles. */
  readonly byName: ReadonlyMap<string, readonly string[]>;
}

export function bindRoles(bindings: Bindings): RolesOf {
  const slackRoles = platformRoles(
    bindings.slack.users,
    splitGroups(bindings.slack.usergroups, isSlackHandle),
  );
  const discordRoles = platformRoles(
    bindings.discord.users,
    splitGroups(bindings.discord.roles, (key) => !isDiscordRoleId(key)),
  );
  const allowedGuilds = bindings.discord.guilds === undefined ? undefined : new Set(bindings.discord.guilds);
  const consoleRoles = bindings.console === undefined ? [] : roleList(bindings.console.role);

  return (identity) => {
    switch (identity.platform) {
      case 'slack':
        return slackRoles(identity);
      case 'discord': {
        const inAllowedGuild =
          allowedGuilds === undefined ||
          (identity.workspace !== undefined && allowedGuilds.has(identity.workspace));
        return inAllowedGuild ? discordRoles(identity) : [];
      }
      case 'console':
        return consoleRoles;
    }
  };
}

function splitGroups(
  table: Readonly<Record<string, RoleRefs>>,
  isName: (key: string) => boolean,
): GroupBindings {
  const entries = Object.entries(table).map(([key, refs]) => [key, roleList(refs)] as const);
  return {
    byId: new Map(entries.filter(([key]) => !isName(key))),
    byName: new Map(entries.filter(([key]) => isName(key))),
  };
}

function platformRoles(users: Readonly<Record<string, RoleRefs>>, groups: GroupBindings): RolesOf {
  const rolesByUser = new Map(Object.entries(users).map(([userId, refs]) => [userId, roleList(refs)]));
  return (identity) => {
    const roles = new Set(rolesByUser.get(identity.userId) ?? []);
    for (const id of identity.groupIds) for (const role of groups.byId.get(id) ?? []) roles.add(role);
    for (const name of identity.groupNames ?? [])
      for (const role of groups.byName.get(name) ?? []) roles.add(role);
    return [...roles];
  };
}

function roleList(refs: RoleRefs): readonly string[] {
  return typeof refs === 'string' ? [refs] : refs;
}
