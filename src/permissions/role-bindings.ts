import type { Bindings, RoleRefs } from '../config/access-schema.ts';
import type { Identity } from './identity.ts';

/**
 * Which roles an identity holds, from the bindings: by user id, by the groups (Slack) or roles
 * (Discord) the adapter says the user is a member of, and the console's role. Ids match exactly;
 * names (Slack `@handles`, Discord role names) match whatever their case, as people type them.
 */
export type RolesOf = (identity: Identity) => readonly string[];

interface MembershipBinding {
  readonly key: string;
  readonly matchesAnyCase: boolean;
  readonly roles: readonly string[];
}

export function bindRoles(bindings: Bindings): RolesOf {
  const slackRoles = platformRoles(bindings.slack.users, bindings.slack.usergroups, isSlackHandle);
  const discordRoles = platformRoles(bindings.discord.users, bindings.discord.roles, isDiscordRoleName);
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

function platformRoles(
  users: Readonly<Record<string, RoleRefs>>,
  memberships: Readonly<Record<string, RoleRefs>>,
  isName: (key: string) => boolean,
): RolesOf {
  // A Map, so a user id such as "constructor" finds nothing rather than Object's prototype.
  const rolesByUser = new Map(Object.entries(users).map(([userId, refs]) => [userId, roleList(refs)]));
  const membershipBindings: MembershipBinding[] = Object.entries(memberships).map(([key, refs]) => ({
    key,
    matchesAnyCase: isName(key),
    roles: roleList(refs),
  }));
  return (identity) => {
    const fromMemberships = membershipBindings
      .filter((binding) => identity.memberOf.some((member) => isSameMembership(binding, member)))
      .flatMap((binding) => binding.roles);
    return [...new Set([...(rolesByUser.get(identity.userId) ?? []), ...fromMemberships])];
  };
}

function isSameMembership(binding: MembershipBinding, member: string): boolean {
  return (
    member === binding.key || (binding.matchesAnyCase && member.toLowerCase() === binding.key.toLowerCase())
  );
}

/** Slack user groups are bound by id (S…) or by `@handle`. */
function isSlackHandle(key: string): boolean {
  return key.startsWith('@');
}

/** Discord roles are bound by id (a snowflake, all digits) or by name. */
function isDiscordRoleName(key: string): boolean {
  return !/^[0-9]+$/.test(key);
}

function roleList(refs: RoleRefs): readonly string[] {
  return typeof refs === 'string' ? [refs] : refs;
}
