import type { Bindings } from '../permissions/access-schema.ts';
import { isDiscordRoleId, isSlackHandle, isSlackUsergroupId } from '../permissions/binding-keys.ts';
import type { ConfigProblem } from './problem.ts';

/**
 * Binding keys that would let someone who can create or rename a group grant himself a role, or
 * that name nothing the platform can hand out.
 *
 * A Discord role *name* can be given to a new role by anyone with Manage Roles in any server the
 * bot is in; it is only as trustworthy as the servers it is looked up in, so name bindings need
 * `bindings.discord.guilds`. A Slack user-group key is an id (`S…`) or an `@handle`; anything
 * else would never match and is a typo.
 */
export function bindingKeyProblems(bindings: Bindings): ConfigProblem[] {
  const discordNames = Object.keys(bindings.discord.roles).filter((key) => !isDiscordRoleId(key));
  const discordProblems =
    bindings.discord.guilds === undefined
      ? discordNames.map((key) => ({
          path: ['bindings', 'discord', 'roles', key],
          message: `"${key}" is a role name, and a name binding is refused without bindings.discord.guilds: anyone who may create roles in any server the bot is in could make a role of that name. Bind the role by its id (Server Settings > Roles > right-click the role > Copy Role ID), or list the servers in bindings.discord.guilds.`,
        }))
      : [];
  const slackProblems = Object.keys(bindings.slack.usergroups)
    .filter((key) => !isSlackHandle(key) && !isSlackUsergroupId(key))
    .map((key) => ({
      path: ['bindings', 'slack', 'usergroups', key],
      message: `"${key}" is neither a user-group id (S…, as in the group's link) nor an @handle.`,
    }));
  const emptyHandles = Object.keys(bindings.slack.usergroups)
    .filter((key) => key === '@')
    .map((key) => ({
      path: ['bindings', 'slack', 'usergroups', key],
      message: 'an @handle needs a name after the @.',
    }));
  return [...discordProblems, ...slackProblems, ...emptyHandles];
}
