import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Operation } from '../../src/catalogue/operation.ts';
import type { Param } from '../../src/catalogue/param.ts';
import { fitText } from '../shared/fit-text.ts';
import { commandPaths } from './command-paths.ts';
import { COMMAND_LIMITS } from './discord-limits.ts';

export const CHAT_COMMAND_NAME = 'chat';
const CHAT_COMMAND_DESCRIPTION = 'Run the 123 Flash Chat server: status, rooms, users, messages, audit';

export type ChatCommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Discord names are lowercase; the catalogue's are already, this keeps it so if one is not. */
export function optionNameOf(paramName: string): string {
  return paramName.toLowerCase();
}

/**
 * The `/chat` command, derived from the catalogue: each operation a subcommand where
 * commandPaths puts it, its parameters typed options. Nothing here is listed by hand, so an
 * operation or parameter added to the catalogue appears at the next registration.
 */
export function buildChatCommand(catalogue: readonly Operation[]): ChatCommandDefinition {
  const options: Array<APIApplicationCommandSubcommandOption | APIApplicationCommandSubcommandGroupOption> =
    [];
  const groups = new Map<string, APIApplicationCommandSubcommandGroupOption>();
  for (const [operation, path] of commandPaths(catalogue)) {
    const [first, second] = path;
    if (second === undefined) {
      options.push(subcommandOf(operation, first));
      continue;
    }
    let group = groups.get(first);
    if (group === undefined) {
      group = {
        type: ApplicationCommandOptionType.SubcommandGroup,
        name: first,
        description: '',
        options: [],
      };
      groups.set(first, group);
      options.push(group);
    }
    group.options?.push(subcommandOf(operation, second));
  }
  for (const [name, group] of groups) {
    const members = (group.options ?? []).map((option) => option.name).join(', ');
    group.description = fitText(`${name}: ${members}`, COMMAND_LIMITS.description);
  }
  return {
    type: ApplicationCommandType.ChatInput,
    name: CHAT_COMMAND_NAME,
    description: CHAT_COMMAND_DESCRIPTION,
    // A server command: DMs are refused anyway, so Discord need not offer it there.
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options,
  };
}

function subcommandOf(operation: Operation, name: string): APIApplicationCommandSubcommandOption {
  const params = Object.entries(operation.params).map(([paramName, param]) => optionOf(paramName, param));
  // Discord refuses a required option after an optional one; the order within each kind is kept.
  const ordered = [
    ...params.filter((option) => option.required),
    ...params.filter((option) => !option.required),
  ];
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name,
    description: fitText(operation.summary, COMMAND_LIMITS.description),
    options: ordered,
  };
}

function optionOf(paramName: string, param: Param): APIApplicationCommandBasicOption {
  const base = {
    name: optionNameOf(paramName),
    description: fitText(param.description, COMMAND_LIMITS.description),
    required: param.required,
  };
  const input = param.input;
  switch (input.type) {
    case 'text':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        max_length: Math.min(input.maxLength, COMMAND_LIMITS.stringLength),
      };
    case 'integer':
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        min_value: input.min,
        max_value: input.max,
      };
    case 'flag':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'choice':
      // Past 25 choices Discord takes none: a plain string, which the core validates like typed text.
      return input.choices.length <= COMMAND_LIMITS.choices
        ? {
            ...base,
            type: ApplicationCommandOptionType.String,
            choices: input.choices.map((choice) => ({ name: choice, value: choice })),
          }
        : { ...base, type: ApplicationCommandOptionType.String };
    case 'color':
    case 'hours':
      return { ...base, type: ApplicationCommandOptionType.String };
    case 'room':
      return { ...base, type: ApplicationCommandOptionType.String, autocomplete: true };
  }
}
