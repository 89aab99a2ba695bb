/** The Discord adapter: what the app starts, what `npm run register` runs, and what tests derive from. */
export { buildChatCommand, CHAT_COMMAND_NAME, type ChatCommandDefinition } from './chat-command.ts';
export {
  type CommandScope,
  commandsRoute,
  type SyncOutcome,
  sameCommands,
  syncCommands,
} from './command-sync.ts';
export { discordAccess } from './discord-access.ts';
export { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from './discord-adapter.ts';
export {
  DISCORD_VARIABLES,
  DiscordConfigurationError,
  type DiscordCredentials,
  discordCredentialsFromEnv,
} from './discord-credentials.ts';
export type { DiscordCore, RoomNames } from './interaction-context.ts';
export { type RegistrationResult, registerCommands } from './register-commands.ts';
export { runRegister } from './run-register.ts';
