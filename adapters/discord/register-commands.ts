import { CATALOGUE } from '../../src/catalogue/catalogue.ts';
import type { Operation } from '../../src/catalogue/operation.ts';
import { buildChatCommand } from './chat-command.ts';
import { oneOffRest, overwriteCommands } from './command-sync.ts';
import type { DiscordCredentials } from './discord-credentials.ts';

export interface RegistrationResult {
  scope: 'guild' | 'global';
  guildId?: string;
  commandNames: string[];
}

/**
 * `npm run register`: bulk-overwrites the application's commands with `/chat` as the catalogue
 * defines it, in the configured server, or globally when no server is set.
 */
export async function registerCommands(
  credentials: DiscordCredentials,
  catalogue: readonly Operation[] = CATALOGUE,
): Promise<RegistrationResult> {
  const rest = oneOffRest(credentials.token, credentials.apiUrl);
  const commands = [buildChatCommand(catalogue)];
  await overwriteCommands(rest, credentials, commands);
  return credentials.guildId === undefined
    ? { scope: 'global', commandNames: commands.map((command) => command.name) }
    : { scope: 'guild', guildId: credentials.guildId, commandNames: commands.map((command) => command.name) };
}
