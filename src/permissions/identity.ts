/** Who is asking, as an adapter resolved them; the permission layer maps this to roles. */

export const PLATFORMS = ['slack', 'discord', 'console'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface Identity {
  platform: Platform;
  /** Slack user id (U… or, on Enterprise Grid, W…), Discord user snowflake, or the console's OS user name. */
  userId: string;
  /** For audit and replies only; never used to grant anything. */
  userName?: string;
  /**
   * The ids of what the user belongs to, as the platform gave them: Slack user-group ids (S…),
   * Discord role ids. Bindings by id match these and nothing else.
   */
  groupIds: readonly string[];
  /**
   * The names of those same groups, kept apart from the ids so that a name can never pass for an
   * id: Discord role names as the guild calls them now, Slack `@handles` as they were resolved to
   * group ids at start. Only name bindings look at these.
   */
  groupNames?: readonly string[];
  /** Slack team id or Discord guild id. */
  workspace?: string;
  /** Slack Enterprise Grid organization id (E…), when the request came from one. */
  enterprise?: string;
  /**
   * Set when the adapter could not read what the user belongs to (e.g. Slack answered
   * `missing_scope` for user groups): the groups are then incomplete, and a denial says why.
   */
  membershipUnavailable?: string;
  /**
   * Name bindings the adapter stopped trusting (a Slack `@handle` that now names another group),
   * each as a sentence: a denial says why the binding gave nothing.
   */
  droppedBindings?: readonly string[];
}
