/** The Slack adapter, as the app wires it: see createSlackAdapter and slackCredentialsFromEnv. */

export { slackAccess } from './slack-access.ts';
export {
  createSlackAdapter,
  type SlackAdapter,
  type SlackAdapterOptions,
} from './slack-adapter.ts';
export { SlackAlertError } from './slack-alert-sink.ts';
export {
  SLACK_VARIABLES,
  SlackConfigError,
  type SlackCredentials,
  slackCredentialsFromEnv,
} from './slack-credentials.ts';
export {
  SLACK_APP_TOKEN_METHODS,
  SLACK_BOT_EVENTS,
  SLACK_BOT_SCOPES,
  SLACK_COMMAND,
  SLACK_EVENTS_PATH,
  SLACK_METHODS_USED,
} from './slack-methods.ts';
