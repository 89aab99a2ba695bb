import { z } from 'zod';

/** What the adapter and the registration need to reach Discord. */
export interface DiscordCredentials {
  /** The bot token: never logged, never shown. */
  token: string;
  applicationId: string;
  /** Commands registered to this server only (instant updates) and taken only there; global when unset. */
  guildId?: string;
  /** The REST base, e.g. `http://127.0.0.1:8080/api` (a REST proxy, or tests); Discord's own when unset. */
  apiUrl?: string;
}

export const DISCORD_VARIABLES = {
  token: 'DISCORD_TOKEN',
  applicationId: 'DISCORD_APPLICATION_ID',
  guildId: 'DISCORD_GUILD_ID',
  apiUrl: 'DISCORD_API_URL',
} as const;

/** A Discord setting that is missing or malformed; the message names the variable, never the token's value. */
export class DiscordConfigurationError extends Error {
  override readonly name = 'DiscordConfigurationError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

const snowflake = z.string().regex(/^[0-9]{5,20}$/);
const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * Discord's settings from the environment: undefined when none is set (Discord is not used), an
 * error naming the variable when some are set but not all that are needed, or one is malformed.
 * Empty values count as unset, as dotenv writes `NAME=`.
 */
export function discordCredentialsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): DiscordCredentials | undefined {
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const token = read(DISCORD_VARIABLES.token)?.replace(/^Bot\s+/i, '');
  const applicationId = read(DISCORD_VARIABLES.applicationId);
  const guildId = read(DISCORD_VARIABLES.guildId);
  const apiUrl = read(DISCORD_VARIABLES.apiUrl);
  if ([token, applicationId, guildId, apiUrl].every((value) => value === undefined)) return undefined;

  if (token === undefined) {
    const set = Object.values(DISCORD_VARIABLES).filter((name) => read(name) !== undefined);
    throw new DiscordConfigurationError(
      DISCORD_VARIABLES.token,
      `${DISCORD_VARIABLES.token} is not set, but ${set.join(' and ')} ${set.length === 1 ? 'is' : 'are'}: set the bot token (Developer Portal > your application > Bot > Reset Token), or unset the other DISCORD_ variables to run without Discord.`,
    );
  }
  if (/\s/.test(token))
    throw new DiscordConfigurationError(
      DISCORD_VARIABLES.token,
      `${DISCORD_VARIABLES.token} contains spaces: paste the bot token alone.`,
    );
  if (applicationId === undefined)
    throw new DiscordConfigurationError(
      DISCORD_VARIABLES.applicationId,
      `${DISCORD_VARIABLES.applicationId} is not set: copy the Application ID from the Developer Portal (your application > General Information).`,
    );
  if (!snowflake.safeParse(applicationId).success)
    throw new DiscordConfigurationError(
      DISCORD_VARIABLES.applicationId,
      `${DISCORD_VARIABLES.applicationId} must be a Discord id (digits only), not "${applicationId}".`,
    );
  if (guildId !== undefined && !snowflake.safeParse(guildId).success)
    throw new DiscordConfigurationError(
      DISCORD_VARIABLES.guildId,
      `${DISCORD_VARIABLES.guildId} must be a Discord server id (digits only; right-click the server > Copy Server ID), not "${guildId}".`,
    );
  if (apiUrl !== undefined && !httpUrl.safeParse(apiUrl).success)
    throw new DiscordConfigurationError(
      DISCORD_VARIABLES.apiUrl,
      `${DISCORD_VARIABLES.apiUrl} must be an http(s) URL such as https://discord.com/api, not "${apiUrl}".`,
    );
  return {
    token,
    applicationId,
    ...(guildId === undefined ? {} : { guildId }),
    ...(apiUrl === undefined ? {} : { apiUrl: apiUrl.replace(/\/+$/, '') }),
  };
}
