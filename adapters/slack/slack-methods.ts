/**
 * What the adapter asks of Slack, in one place, so manifest.yml can be checked against the code:
 * every Web API method called with the bot token and the bot scope it needs (null: none), the
 * slash command and the events listened to.
 */
export const SLACK_METHODS_USED = {
  // Bolt checks the bot token at start-up; the adapter asks again for its own team (workspace pinning).
  'auth.test': null,
  'chat.postMessage': 'chat:write',
  'usergroups.list': 'usergroups:read',
  'usergroups.users.list': 'usergroups:read',
  // A private long list goes to the caller's direct messages with the app, never to the channel.
  'conversations.open': 'im:write',
  // files.uploadV2 is these two calls and a POST to the URL the first one returns.
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
} as const satisfies Record<string, string | null>;

export type SlackMethod = keyof typeof SLACK_METHODS_USED;

/**
 * Scopes no method above needs but the app does: `commands` for the slash command, and
 * `chat:write.public` so alerts reach public channels the bot was never invited to.
 */
export const SLACK_EXTRA_BOT_SCOPES = ['commands', 'chat:write.public'] as const;

/** Exactly the bot scopes manifest.yml must request. */
export const SLACK_BOT_SCOPES: readonly string[] = [
  ...new Set([
    ...Object.values(SLACK_METHODS_USED).filter(
      (scope): scope is NonNullable<typeof scope> => scope !== null,
    ),
    ...SLACK_EXTRA_BOT_SCOPES,
  ]),
].sort();

/** Socket Mode calls this one with the app-level token, whose scope is set where the token is made. */
export const SLACK_APP_TOKEN_METHODS = { 'apps.connections.open': 'connections:write' } as const;

export const SLACK_COMMAND = '/chat';

/** User-group changes: the membership cache drops what they touch. */
export const SLACK_EVENTS = {
  membersChanged: 'subteam_members_changed',
  groupUpdated: 'subteam_updated',
} as const;

export const SLACK_BOT_EVENTS: readonly string[] = Object.values(SLACK_EVENTS);

/** One path for slash commands, interactivity and events (HTTP mode). */
export const SLACK_EVENTS_PATH = '/slack/events';
