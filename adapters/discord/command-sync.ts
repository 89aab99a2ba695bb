import { REST, type RESTOptions, Routes } from 'discord.js';
import { z } from 'zod';
import type { ChatCommandDefinition } from './chat-command.ts';

/** Where commands are registered: one server (updates at once) or every server (global). */
export interface CommandScope {
  applicationId: string;
  guildId?: string;
}

export type SyncOutcome = 'registered' | 'unchanged';

export function commandsRoute(scope: CommandScope): `/${string}` {
  return scope.guildId === undefined
    ? Routes.applicationCommands(scope.applicationId)
    : Routes.applicationGuildCommands(scope.applicationId, scope.guildId);
}

/** A REST client for one-off calls: no sweeper timers, so nothing keeps the process alive after. */
export function oneOffRest(token: string, apiUrl: string | undefined): REST {
  const options: Partial<RESTOptions> = { handlerSweepInterval: 0, hashSweepInterval: 0 };
  if (apiUrl !== undefined) options.api = apiUrl;
  return new REST(options).setToken(token);
}

/** Bulk overwrite: the application's commands in the scope become exactly these. */
export async function overwriteCommands(
  rest: REST,
  scope: CommandScope,
  commands: readonly ChatCommandDefinition[],
): Promise<void> {
  await rest.put(commandsRoute(scope), { body: commands });
}

/**
 * Registers the commands only when Discord's copy differs from them, compared on what we send
 * (Discord adds ids, versions and defaults). Asking Discord rather than remembering a hash keeps
 * this right after a manual `npm run register`, a restart, or an edit in another deployment.
 */
export async function syncCommands(
  rest: REST,
  scope: CommandScope,
  commands: readonly ChatCommandDefinition[],
): Promise<SyncOutcome> {
  const registered = await rest.get(commandsRoute(scope));
  if (sameCommands(registered, commands)) return 'unchanged';
  await overwriteCommands(rest, scope, commands);
  return 'registered';
}

interface CanonicalOption {
  type: number;
  name: string;
  description: string;
  required: boolean;
  autocomplete: boolean;
  choices: Array<{ name: string; value: string | number }> | null;
  min_value: number | null;
  max_value: number | null;
  min_length: number | null;
  max_length: number | null;
  options: CanonicalOption[] | null;
}

const choiceSchema = z.looseObject({ name: z.string(), value: z.union([z.string(), z.number()]) });

const optionSchema: z.ZodType<CanonicalOption> = z.lazy(() =>
  z
    .looseObject({
      type: z.number(),
      name: z.string(),
      description: z.string().default(''),
      required: z.boolean().nullish(),
      autocomplete: z.boolean().nullish(),
      choices: z.array(choiceSchema).nullish(),
      min_value: z.number().nullish(),
      max_value: z.number().nullish(),
      min_length: z.number().nullish(),
      max_length: z.number().nullish(),
      options: z.array(optionSchema).nullish(),
    })
    .transform((option) => ({
      type: option.type,
      name: option.name,
      description: option.description,
      required: option.required ?? false,
      autocomplete: option.autocomplete ?? false,
      choices: option.choices?.length ? option.choices.map(({ name, value }) => ({ name, value })) : null,
      min_value: option.min_value ?? null,
      max_value: option.max_value ?? null,
      min_length: option.min_length ?? null,
      max_length: option.max_length ?? null,
      options: option.options?.length ? option.options : null,
    })),
);

const commandSchema = z
  .looseObject({
    type: z.number().default(1),
    name: z.string(),
    description: z.string(),
    contexts: z.array(z.number()).nullish(),
    integration_types: z.array(z.number()).nullish(),
    options: z.array(optionSchema).nullish(),
  })
  .transform((command) => ({
    type: command.type,
    name: command.name,
    description: command.description,
    contexts: command.contexts ? [...command.contexts].sort() : null,
    integration_types: command.integration_types ? [...command.integration_types].sort() : null,
    options: command.options?.length ? command.options : null,
  }));

const commandListSchema = z.array(commandSchema);

/** Whether what Discord holds (as GET returns it) is what we would register; unreadable counts as different. */
export function sameCommands(registered: unknown, wanted: readonly ChatCommandDefinition[]): boolean {
  const theirs = commandListSchema.safeParse(registered);
  const ours = commandListSchema.safeParse(wanted);
  if (!theirs.success || !ours.success) return false;
  const byName = (list: ReadonlyArray<{ name: string }>) =>
    [...list].sort((a, b) => a.name.localeCompare(b.name));
  return JSON.stringify(byName(theirs.data)) === JSON.stringify(byName(ours.data));
}
