import { DiscordAPIError } from 'discord.js';
import {
  DISCORD_VARIABLES,
  DiscordConfigurationError,
  discordCredentialsFromEnv,
} from './discord-credentials.ts';
import { describeError } from './redact.ts';
import { registerCommands } from './register-commands.ts';

export interface RegisterOutput {
  out(text: string): void;
  err(text: string): void;
}

/** `npm run register`, minus the process: resolves the exit code (0 done, 1 Discord refused, 2 not configured). */
export async function runRegister(
  env: Readonly<Record<string, string | undefined>>,
  output: RegisterOutput,
): Promise<number> {
  let credentials: ReturnType<typeof discordCredentialsFromEnv>;
  try {
    credentials = discordCredentialsFromEnv(env);
  } catch (error) {
    if (error instanceof DiscordConfigurationError) {
      output.err(`Cannot register /chat: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (credentials === undefined) {
    output.err(
      `Cannot register /chat: set ${DISCORD_VARIABLES.token} and ${DISCORD_VARIABLES.applicationId} (and ${DISCORD_VARIABLES.guildId} for one server) in the environment or .env.\n`,
    );
    return 2;
  }
  try {
    const result = await registerCommands(credentials);
    output.out(
      result.scope === 'guild'
        ? `Registered /chat in server ${result.guildId}: it is available there now.\n`
        : `Registered /chat globally, in every server the bot is in. Set ${DISCORD_VARIABLES.guildId} to register in one server only.\n`,
    );
    return 0;
  } catch (error) {
    output.err(
      `Discord refused the registration: ${describeError(error, [credentials.token])}${hintFor(error)}\n`,
    );
    return 1;
  }
}

function hintFor(error: unknown): string {
  if (!(error instanceof DiscordAPIError)) return '';
  if (error.status === 401)
    return `\n${DISCORD_VARIABLES.token} is not accepted: reset the token in the Developer Portal (Bot) and set it again.`;
  if (error.status === 403)
    return `\nThe bot may not create commands there: invite it to the server with the "applications.commands" scope, and check ${DISCORD_VARIABLES.guildId}.`;
  if (error.status === 404)
    return `\nCheck ${DISCORD_VARIABLES.applicationId} and ${DISCORD_VARIABLES.guildId}.`;
  return '';
}
