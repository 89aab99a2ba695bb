import { isIP } from 'node:net';
import { z } from 'zod';

/** What the Slack adapter needs from the environment. Tokens and the secret never leave the adapter. */
export interface SlackCredentials {
  signingSecret: string;
  botToken: string;
  /** Set: Socket Mode (no public URL needed). Unset: HTTP mode on `port`. */
  appToken?: string;
  /** HTTP mode only; default 3000; 0 picks a free port (tests). */
  port?: number;
  /** HTTP mode only: the address listened on; default 127.0.0.1 (see createSlackAdapter). */
  host?: string;
  /** Web API base URL: Slack's government cloud, or a local stand-in in tests. */
  apiUrl?: string;
}

export class SlackConfigError extends Error {
  override name = 'SlackConfigError';
}

export const SLACK_VARIABLES = {
  signingSecret: 'SLACK_SIGNING_SECRET',
  botToken: 'SLACK_BOT_TOKEN',
  appToken: 'SLACK_APP_TOKEN',
  port: 'SLACK_PORT',
  host: 'SLACK_HOST',
  apiUrl: 'SLACK_API_URL',
} as const;

// Messages name the variable and never echo its value: it may be a secret pasted in the wrong place.
const portText = z
  .string()
  .regex(/^[0-9]{1,5}$/)
  .transform(Number)
  .refine((port) => port <= 65_535);
const apiUrlText = z.url({ protocol: /^https?$/ });
/** An IP address (IPv4 or IPv6, e.g. 0.0.0.0 or ::) or a host name such as localhost. */
const isHostText = (text: string) => isIP(text) !== 0 || /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/.test(text);

/**
 * Reads the Slack variables. Undefined when none of the three credentials is set (Slack is not
 * used; SLACK_PORT alone, as in .env.example, does not count); an error naming the variable
 * when they are set only in part or look wrong.
 */
export function slackCredentialsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): SlackCredentials | undefined {
  // dotenv turns `NAME=` into an empty string: that means "not set".
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const signingSecret = read(SLACK_VARIABLES.signingSecret);
  const botToken = read(SLACK_VARIABLES.botToken);
  const appToken = read(SLACK_VARIABLES.appToken);
  if (signingSecret === undefined && botToken === undefined && appToken === undefined) return undefined;

  const mode = appToken === undefined ? 'HTTP mode' : 'Socket Mode';
  if (botToken === undefined)
    throw new SlackConfigError(
      `${SLACK_VARIABLES.botToken} is not set: Slack needs the bot token (xoxb-…, from OAuth & Permissions) for ${mode}. Set it, or unset the other SLACK_ variables to run without Slack.`,
    );
  if (signingSecret === undefined)
    throw new SlackConfigError(
      `${SLACK_VARIABLES.signingSecret} is not set: Slack needs the signing secret (Basic Information > App Credentials) with ${SLACK_VARIABLES.botToken}. Set it, or unset the other SLACK_ variables to run without Slack.`,
    );
  if (!botToken.startsWith('xoxb-'))
    throw new SlackConfigError(
      `${SLACK_VARIABLES.botToken} does not look like a bot token: it should start with "xoxb-" (OAuth & Permissions > Bot User OAuth Token).`,
    );
  if (appToken !== undefined && !appToken.startsWith('xapp-'))
    throw new SlackConfigError(
      `${SLACK_VARIABLES.appToken} does not look like an app-level token: it should start with "xapp-" (Basic Information > App-Level Tokens, scope connections:write).`,
    );

  const credentials: SlackCredentials = { signingSecret, botToken };
  if (appToken !== undefined) credentials.appToken = appToken;
  const portValue = read(SLACK_VARIABLES.port);
  if (portValue !== undefined) {
    const port = portText.safeParse(portValue);
    if (!port.success)
      throw new SlackConfigError(
        `${SLACK_VARIABLES.port} must be a port number from 0 to 65535, not "${portValue}".`,
      );
    credentials.port = port.data;
  }
  const host = read(SLACK_VARIABLES.host);
  if (host !== undefined) {
    if (!isHostText(host))
      throw new SlackConfigError(
        `${SLACK_VARIABLES.host} must be an address to listen on: an IP address such as 127.0.0.1, 0.0.0.0 or ::, or a host name such as localhost.`,
      );
    credentials.host = host;
  }
  const apiUrl = read(SLACK_VARIABLES.apiUrl);
  if (apiUrl !== undefined) {
    if (!apiUrlText.safeParse(apiUrl).success)
      throw new SlackConfigError(
        `${SLACK_VARIABLES.apiUrl} must be an http(s) URL such as https://slack.com/api/, not "${apiUrl}".`,
      );
    credentials.apiUrl = apiUrl;
  }
  return credentials;
}
