import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { operationAt } from '../../../adapters/discord/command-paths.ts';
import { buildChatCommand, type ChatCommandDefinition } from '../../../adapters/discord/index.ts';
import { CATALOGUE } from '../../../src/catalogue/catalogue.ts';
import { defineOperation, type Operation } from '../../../src/catalogue/operation.ts';
import { type InputKind, kinds, option, positional } from '../../../src/catalogue/param.ts';
import { EXPECTED_CHAT_COMMAND } from './chat-command.expected.ts';

const definition = buildChatCommand(CATALOGUE);
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function subcommandFor(command: ChatCommandDefinition, words: readonly string[]) {
  const [first, second] = words;
  const top = command.options?.find((candidate) => candidate.name === first);
  if (second === undefined) return top?.type === ApplicationCommandOptionType.Subcommand ? top : undefined;
  if (top?.type !== ApplicationCommandOptionType.SubcommandGroup) return undefined;
  return top.options?.find((candidate) => candidate.name === second);
}

/** What each input kind must become, written out here rather than taken from the adapter. */
function expectedShape(input: InputKind): Partial<APIApplicationCommandBasicOption> {
  switch (input.type) {
    case 'text':
      return { type: ApplicationCommandOptionType.String, max_length: input.maxLength };
    case 'integer':
      return { type: ApplicationCommandOptionType.Integer, min_value: input.min, max_value: input.max };
    case 'flag':
      return { type: ApplicationCommandOptionType.Boolean };
    case 'choice':
      return input.choices.length <= 25
        ? {
            type: ApplicationCommandOptionType.String,
            choices: input.choices.map((c) => ({ name: c, value: c })),
          }
        : { type: ApplicationCommandOptionType.String };
    case 'color':
    case 'hours':
      return { type: ApplicationCommandOptionType.String };
    case 'room':
      return { type: ApplicationCommandOptionType.String, autocomplete: true };
  }
}

/** `/chat alerts` beside `/chat alerts mute`: Discord has it as `/chat alerts show`. */
function discordWords(operation: Operation, catalogue: readonly Operation[]): readonly string[] {
  const [word] = operation.words;
  const alsoAGroup = catalogue.some((other) => other.words.length === 2 && other.words[0] === word);
  return operation.words.length === 1 && alsoAGroup ? [...operation.words, 'show'] : operation.words;
}

function expectDerived(command: ChatCommandDefinition, catalogue: readonly Operation[]) {
  const subcommands = command.options?.flatMap((opt) =>
    opt.type === ApplicationCommandOptionType.SubcommandGroup ? (opt.options ?? []) : [opt],
  );
  expect(subcommands).toHaveLength(catalogue.length);
  for (const operation of catalogue) {
    const subcommand = subcommandFor(command, discordWords(operation, catalogue));
    expect(subcommand, `/chat ${operation.words.join(' ')}`).toBeDefined();
    expect(subcommand?.description).toBe(operation.summary);
    const options = (subcommand?.options ?? []) as APIApplicationCommandBasicOption[];
    expect(options.map((opt) => opt.name).sort()).toEqual(Object.keys(operation.params).sort());
    for (const [name, param] of Object.entries(operation.params)) {
      const opt = options.find((candidate) => candidate.name === name);
      expect(opt, `${operation.name} ${name}`).toMatchObject({
        description: param.description,
        required: param.required,
        ...expectedShape(param.input),
      });
      if (param.input.type === 'choice' && param.input.choices.length > 25)
        expect(opt).not.toHaveProperty('choices');
    }
  }
}

describe('the /chat definition, derived from the catalogue', () => {
  it('is, for today’s catalogue, exactly the command JSON written out from Discord’s schema', () => {
    expect(JSON.parse(JSON.stringify(definition))).toEqual(EXPECTED_CHAT_COMMAND);
  });

  it('has every operation of the catalogue, with every parameter typed as its input kind', () => {
    expectDerived(definition, CATALOGUE);
  });

  it('is the issue’s shape: groups room add|edit|delete and group start|stop, the rest subcommands', () => {
    expect(definition).toMatchObject({ name: 'chat', type: 1, contexts: [0], integration_types: [0] });
    const shape = definition.options?.map((opt) =>
      opt.type === ApplicationCommandOptionType.SubcommandGroup
        ? `${opt.name}: ${(opt.options ?? []).map((sub) => sub.name).join('|')}`
        : opt.name,
    );
    // The catalogue grows (alerts, …); the commands must all be there, as the issue shapes them.
    expect(shape).toEqual(
      expect.arrayContaining([
        'status',
        'rooms',
        'who',
        'broadcast',
        'pm',
        'room: add|edit|delete',
        'group: start|stop',
        'audit: show|export',
        'help',
      ]),
    );
  });

  it('gives an operation whose word is also a group the subcommand "show" in that group, and reads it back', () => {
    const [status] = CATALOGUE;
    if (status === undefined) throw new Error('empty catalogue');
    const catalogue = [
      { ...status, name: 'alerts.mute', words: ['alerts', 'mute'] },
      { ...status, name: 'alerts', words: ['alerts'] },
    ];
    const command = buildChatCommand(catalogue);
    expect(command.options?.map((opt) => [opt.name, opt.type])).toEqual([['alerts', 2]]);
    expect(subcommandFor(command, ['alerts', 'show'])?.description).toBe(status.summary);
    expect(operationAt(catalogue, 'alerts', 'show')?.name).toBe('alerts');
    expect(operationAt(catalogue, 'alerts', 'mute')?.name).toBe('alerts.mute');
    expect(operationAt(catalogue, null, 'alerts')).toBeUndefined();
    const clash = [...catalogue, { ...status, name: 'alerts.show', words: ['alerts', 'show'] }];
    expect(() => buildChatCommand(clash)).toThrow(/alerts and alerts.show would both be \/chat alerts show/);
  });

  it('puts required options first, otherwise in the catalogue’s order', () => {
    const pm = subcommandFor(definition, ['pm']) as APIApplicationCommandSubcommandOption;
    expect(pm.options?.map((opt) => `${opt.name}${opt.required ? '*' : ''}`)).toEqual([
      'user*',
      'message*',
      'bold',
      'italic',
      'underline',
      'color',
      'emoticon',
      'as',
    ]);
    const add = subcommandFor(definition, ['room', 'add']) as APIApplicationCommandSubcommandOption;
    expect(add.options?.[0]).toMatchObject({ name: 'name', required: true });
    expect(add.options?.find((opt) => opt.name === 'display')).toMatchObject({
      choices: [
        { name: 'text', value: 'text' },
        { name: 'avatar', value: 'avatar' },
      ],
    });
    expect(add.options?.find((opt) => opt.name === 'max')).toMatchObject({
      type: 4,
      min_value: 1,
      max_value: 100_000,
    });
  });

  it('stays within Discord’s limits for names, descriptions, options, choices and total size', () => {
    let combined = 0;
    const visit = (
      opt: { name: string; description: string; options?: readonly APIApplicationCommandOption[] },
      depth: number,
    ) => {
      expect(opt.name).toMatch(NAME);
      expect(opt.name).toBe(opt.name.toLowerCase());
      expect(opt.description.length).toBeGreaterThan(0);
      expect(opt.description.length).toBeLessThanOrEqual(100);
      combined += opt.name.length + opt.description.length;
      const children = opt.options ?? [];
      expect(children.length).toBeLessThanOrEqual(25);
      expect(new Set(children.map((child) => child.name)).size).toBe(children.length);
      let optionalSeen = false;
      for (const child of children) {
        if ('choices' in child && child.choices) {
          expect(child.choices.length).toBeLessThanOrEqual(25);
          for (const choice of child.choices) combined += choice.name.length + String(choice.value).length;
        }
        if (child.type !== 1 && child.type !== 2) {
          if (child.required) expect(optionalSeen).toBe(false);
          else optionalSeen = true;
        }
        visit(child, depth + 1);
      }
      expect(depth).toBeLessThanOrEqual(3);
    };
    visit(definition, 0);
    expect(combined).toBeLessThanOrEqual(4000);
  });

  it('follows the catalogue: an added operation or parameter appears without touching the adapter', () => {
    const kick = defineOperation({
      name: 'user.kick',
      words: ['user', 'kick'],
      summary: 'Disconnect a user',
      params: {
        user: positional(kinds.requiredText(64), 'Who'),
        minutes: option(kinds.integer(1, 60), 'For how long'),
      },
      examples: [],
      destructive: true,
      changesChat: true,
      run: async () => ({ title: 'x', severity: 'info', visibility: 'private' }),
    });
    const [status, ...rest] = CATALOGUE;
    if (status === undefined) throw new Error('empty catalogue');
    const widened = defineOperation({
      ...status,
      params: { ...status.params, verbose: option(kinds.flag(), 'Say more') },
    }) as Operation;
    const catalogue = [widened, ...rest, kick as Operation];
    const command = buildChatCommand(catalogue);
    expectDerived(command, catalogue);
    expect(subcommandFor(command, ['user', 'kick'])?.options?.map((opt) => opt.name)).toEqual([
      'user',
      'minutes',
    ]);
    expect(subcommandFor(command, ['status'])?.options?.map((opt) => opt.name)).toEqual(['verbose']);
  });

  it('refuses what Discord cannot express: three words, or two operations at one place', () => {
    const [status] = CATALOGUE;
    if (status === undefined) throw new Error('empty catalogue');
    expect(() => buildChatCommand([{ ...status, words: ['a', 'b', 'c'] }])).toThrow(/one or two words/);
    const twice = [
      { ...status, name: 'a', words: ['room', 'add'] },
      { ...status, name: 'b', words: ['Room', 'ADD'] },
    ];
    expect(() => buildChatCommand(twice)).toThrow(/a and b would both be \/chat room add/);
  });
});
