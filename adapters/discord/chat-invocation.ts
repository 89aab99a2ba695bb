import type { ChatInputCommandInteraction, CommandInteractionOptionResolver } from 'discord.js';
import type { Operation } from '../../src/catalogue/operation.ts';
import { optionNameOf } from './chat-command.ts';
import { operationAt } from './command-paths.ts';

export interface ChatInvocation {
  /** The catalogue's operation name, or the words joined when no operation has them (a stale registration). */
  operationName: string;
  operation?: Operation;
  /** Option values as Discord typed them, by parameter name; the core validates them. */
  values: Record<string, unknown>;
}

type Options = Pick<CommandInteractionOptionResolver, 'getSubcommandGroup' | 'getSubcommand' | 'get'>;

export function readInvocation(
  catalogue: readonly Operation[],
  interaction: Pick<ChatInputCommandInteraction, 'options'>,
): ChatInvocation {
  const options: Options = interaction.options;
  const group = options.getSubcommandGroup(false);
  const subcommand = options.getSubcommand(false);
  const operation = operationAt(catalogue, group, subcommand);
  if (operation === undefined) {
    const words = [group, subcommand].filter((word) => word !== null);
    return { operationName: words.join('.') || '(none)', values: {} };
  }
  const values: Record<string, unknown> = {};
  for (const paramName of Object.keys(operation.params)) {
    const value = options.get(optionNameOf(paramName), false)?.value;
    if (value !== undefined) values[paramName] = value;
  }
  return { operationName: operation.name, operation, values };
}
