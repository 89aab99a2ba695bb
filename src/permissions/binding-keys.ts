/**
 * How a binding key says what it names. Ids are what a platform hands out and nobody can choose;
 * names are what anyone allowed to create or rename a group can choose, so the two never mix.
 */

/** Discord role ids are snowflakes: all digits. Anything else is a role name. */
export function isDiscordRoleId(key: string): boolean {
  return /^[0-9]+$/.test(key);
}

/** Slack user groups are bound by id (`S…`) or by `@handle`. */
export function isSlackHandle(key: string): boolean {
  return key.startsWith('@');
}

/** A Slack user-group id as Slack writes them: `S` and upper-case letters and digits. */
export function isSlackUsergroupId(key: string): boolean {
  return /^S[A-Z0-9]{2,}$/.test(key);
}
