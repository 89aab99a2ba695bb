/** Who is asking, as an adapter resolved them; the permission layer maps this to roles. */

export const PLATFORMS = ['slack', 'discord', 'console'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface Identity {
  platform: Platform;
  /** Slack user id (U…), Discord user snowflake, or the console's OS user name. */
  userId: string;
  /** For audit and replies only; never used to grant anything. */
  userName?: string;
  /**
   * What the user belongs to, by id and by name, as the adapter resolved it: Slack user-group
   * ids and `@handles`, Discord role ids and role names. Bindings match either form.
   */
  memberOf: readonly string[];
  /** Slack team id or Discord guild id. */
  workspace?: string;
  /**
   * Set when the adapter could not read what the user belongs to (e.g. Slack answered
   * `missing_scope` for user groups): `memberOf` is then incomplete, and a denial says why.
   */
  membershipUnavailable?: string;
}
