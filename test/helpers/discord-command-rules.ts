/**
 * What Discord refuses in application command JSON (Create / Bulk Overwrite Application Commands),
 * written from Discord's documentation and independently of the adapter's builder and of its
 * COMMAND_LIMITS, so a registration test does not check the code with itself.
 *
 * Rules: discord-api-docs, developers/interactions/application-commands.mdx —
 * "Application Command Naming" (the regex, lowercase for CHAT_INPUT), "Application Command
 * Structure" (name 1-32, description 1-100 for CHAT_INPUT and empty for USER/MESSAGE, options max
 * of 25, options only for CHAT_INPUT), "Application Command Option Structure" ("Required `options`
 * must be listed before optional options", description 1-100, choices max 25 for STRING/INTEGER/
 * NUMBER, nested options up to 25 for SUB_COMMAND/SUB_COMMAND_GROUP, min/max_length 0|1-6000 for
 * STRING, min/max_value for INTEGER/NUMBER, autocomplete not with choices, names unique within an
 * array), "Application Command Option Type" (1-11), "Application Command Option Choice Structure"
 * (name 1-100, string value up to 100), the nesting section ("nesting one level deep within a group
 * ... That is the only kind of nesting supported"), "Slash Commands" (at most 8000 characters of
 * names, descriptions and values in one command) and the command counts (100 CHAT_INPUT, 15 USER,
 * 15 MESSAGE per scope).
 *
 * The answer's shape: developers/reference.mdx "Error Messages" (code 50035, "Invalid Form Body",
 * `errors` keyed by the path with `_errors` arrays). The error codes and messages are the ones
 * Discord answers, as reported against the live API: APPLICATION_COMMAND_INVALID_NAME "Command name
 * is invalid" (Garlic-Team/gcommands#295), BASE_TYPE_BAD_LENGTH "Must be between 1 and 100 in
 * length." (dbm-network/mods#1016), BASE_TYPE_MAX_LENGTH "Must be 25 or fewer in length."
 * (Shunshun94/discord-bcdicebot#142), APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID (the whole
 * body quoted in discord/discord-api-docs#5615), APPLICATION_COMMAND_OPTIONS_TYPE_INVALID
 * (discordjs/discord.js#7648), APPLICATION_COMMANDS_DUPLICATE_NAME (albertgmz/BeatDock#103),
 * BASE_TYPE_CHOICES and BASE_TYPE_REQUIRED (developers/reference.mdx). Where no report gave the
 * code (a duplicate option name, a value of the wrong type, too large a command), the code here
 * is a BASE_TYPE_* code in the same style: what matters is that Discord refuses it.
 */

export interface FormProblem {
  /** Where, as Discord nests it: `[0, 'options', 2, 'name']`. */
  path: ReadonlyArray<string | number>;
  code: string;
  message: string;
}

/** The body of Discord's 400: `{ code: 50035, message: 'Invalid Form Body', errors }`. */
export interface InvalidFormBody {
  code: 50035;
  message: 'Invalid Form Body';
  errors: Record<string, unknown>;
}

const COMMAND_TYPES = { CHAT_INPUT: 1, USER: 2, MESSAGE: 3, PRIMARY_ENTRY_POINT: 4 } as const;
const OPTION = {
  SUB_COMMAND: 1,
  SUB_COMMAND_GROUP: 2,
  STRING: 3,
  INTEGER: 4,
  BOOLEAN: 5,
  USER: 6,
  CHANNEL: 7,
  ROLE: 8,
  MENTIONABLE: 9,
  NUMBER: 10,
  ATTACHMENT: 11,
} as const;
const OPTION_TYPES: ReadonlySet<number> = new Set(Object.values(OPTION));
const BASIC_TYPES: ReadonlySet<number> = new Set(
  [...OPTION_TYPES].filter((type) => type !== OPTION.SUB_COMMAND && type !== OPTION.SUB_COMMAND_GROUP),
);
const CHOICE_TYPES: ReadonlySet<number> = new Set([OPTION.STRING, OPTION.INTEGER, OPTION.NUMBER]);
/** Interaction context types (GUILD, BOT_DM, PRIVATE_CHANNEL) and integration types (GUILD_INSTALL, USER_INSTALL). */
const CONTEXTS: ReadonlySet<number> = new Set([0, 1, 2]);
const INTEGRATION_TYPES: ReadonlySet<number> = new Set([0, 1]);
/** "Application Command Naming", with the unicode flag set. */
const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_COMBINED = 8000;
const MAX_STRING_LENGTH = 6000;
/** INTEGER: "Any integer between -2^53+1 and 2^53-1". */
const MAX_SAFE = 2 ** 53 - 1;
const PER_SCOPE: Readonly<Record<number, number>> = {
  [COMMAND_TYPES.CHAT_INPUT]: 100,
  [COMMAND_TYPES.USER]: 15,
  [COMMAND_TYPES.MESSAGE]: 15,
  [COMMAND_TYPES.PRIMARY_ENTRY_POINT]: 1,
};

type Path = ReadonlyArray<string | number>;
type Json = Record<string, unknown>;

class Problems {
  readonly list: FormProblem[] = [];
  add(path: Path, code: string, message: string): void {
    this.list.push({ path, code, message });
  }
  length(path: Path, value: unknown, min: number, max: number): void {
    if (typeof value !== 'string') {
      this.add(
        path,
        value === undefined ? 'BASE_TYPE_REQUIRED' : 'BASE_TYPE_STRING',
        'This field is required',
      );
      return;
    }
    // Discord counts characters (code points), as the docs' "1-32 characters" says.
    const length = [...value].length;
    if (length < min || length > max)
      this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
  }
  atMost(path: Path, items: readonly unknown[], max: number): void {
    if (items.length > max) this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const arrayOf = (value: unknown): unknown[] | undefined => (Array.isArray(value) ? value : undefined);

/** What Discord would refuse in a Bulk Overwrite body (an array of commands); empty when it takes it. */
export function bulkOverwriteProblems(body: unknown): FormProblem[] {
  const problems = new Problems();
  const commands = arrayOf(body);
  if (commands === undefined) {
    problems.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return problems.list;
  }
  const seen = new Map<string, number>();
  commands.forEach((command, index) => {
    checkCommand(command, [index], problems);
    if (!isObject(command)) return;
    const type = typeof command.type === 'number' ? command.type : COMMAND_TYPES.CHAT_INPUT;
    const key = `${type}:${String(command.name)}`;
    if (seen.has(key))
      problems.add(
        [index],
        'APPLICATION_COMMANDS_DUPLICATE_NAME',
        'Application command names must be unique',
      );
    seen.set(key, index);
  });
  for (const [type, max] of Object.entries(PER_SCOPE)) {
    const count = commands.filter(
      (command) => isObject(command) && (command.type ?? COMMAND_TYPES.CHAT_INPUT) === Number(type),
    ).length;
    if (count > max)
      problems.add([], 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer commands of type ${type}.`);
  }
  return problems.list;
}

/** What Discord would refuse in a Create Application Command body (one command). */
export function createCommandProblems(body: unknown): FormProblem[] {
  const problems = new Problems();
  checkCommand(body, [], problems);
  return problems.list;
}

/** Discord's 400 body for these problems: `errors` nested by path, each leaf an `_errors` list. */
export function invalidFormBody(problems: readonly FormProblem[]): InvalidFormBody {
  const errors: Record<string, unknown> = {};
  for (const problem of problems) {
    let node = errors;
    for (const key of problem.path) {
      const next = node[String(key)];
      const child = isObject(next) ? next : {};
      node[String(key)] = child;
      node = child;
    }
    const list = Array.isArray(node._errors) ? node._errors : [];
    list.push({ code: problem.code, message: problem.message });
    node._errors = list;
  }
  return { code: 50035, message: 'Invalid Form Body', errors };
}

/** One line a problem, `0.options.2.name: CODE message`, for a test's failure message. */
export function problemLines(problems: readonly FormProblem[]): string[] {
  return problems.map((problem) => `${problem.path.join('.')}: ${problem.code} ${problem.message}`);
}

function checkCommand(command: unknown, at: Path, problems: Problems): void {
  if (!isObject(command)) {
    problems.add(at, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return;
  }
  const type = command.type ?? COMMAND_TYPES.CHAT_INPUT;
  if (typeof type !== 'number' || !Object.values(COMMAND_TYPES).includes(type as 1)) {
    problems.add([...at, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2, 3, 4).');
    return;
  }
  const chatInput = type === COMMAND_TYPES.CHAT_INPUT;
  problems.length([...at, 'name'], command.name, 1, 32);
  if (chatInput && typeof command.name === 'string')
    checkChatInputName(command.name, [...at, 'name'], problems);
  if (chatInput) problems.length([...at, 'description'], command.description, 1, 100);
  else if ((command.description ?? '') !== '')
    problems.add([...at, 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be 0 in length.');
  for (const [field, valid] of [
    ['contexts', CONTEXTS],
    ['integration_types', INTEGRATION_TYPES],
  ] as const) {
    const values = command[field];
    if (values === undefined || values === null) continue;
    const list = arrayOf(values);
    if (list === undefined) problems.add([...at, field], 'BASE_TYPE_ARRAY', 'Must be an array.');
    else
      list.forEach((value, index) => {
        if (typeof value !== 'number' || !valid.has(value))
          problems.add([...at, field, index], 'BASE_TYPE_CHOICES', `Value must be one of (${[...valid]}).`);
      });
  }
  if (command.options === undefined || command.options === null) return;
  if (!chatInput) {
    problems.add(
      [...at, 'options'],
      'APPLICATION_COMMAND_OPTIONS_INVALID',
      'Only CHAT_INPUT commands take options',
    );
    return;
  }
  const options = arrayOf(command.options);
  if (options === undefined) {
    problems.add([...at, 'options'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  checkOptionList(options, [...at, 'options'], 'command', problems);
  const combined = combinedLength(command);
  if (combined > MAX_COMBINED)
    problems.add(at, 'APPLICATION_COMMAND_TOO_LARGE', `Command exceeds maximum size (${MAX_COMBINED})`);
}

function checkChatInputName(name: string, at: Path, problems: Problems): void {
  // "If there is a lowercase variant of any letters used, you must use those."
  if (!CHAT_INPUT_NAME.test(name) || name.toLowerCase() !== name)
    problems.add(at, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
}

/** Where a list of options sits decides what it may hold: the only nesting is command > group > subcommand. */
type Level = 'command' | 'group' | 'subcommand';

function checkOptionList(options: unknown[], at: Path, level: Level, problems: Problems): void {
  problems.atMost(at, options, MAX_OPTIONS);
  const types = options.map((option) => (isObject(option) ? option.type : undefined));
  const nested = types.filter((type) => type === OPTION.SUB_COMMAND || type === OPTION.SUB_COMMAND_GROUP);
  // Sub-commands and groups are mutually exclusive with every other option type at one level.
  if (level === 'command' && nested.length > 0 && nested.length < options.length)
    options.forEach((_, index) => {
      if (types[index] !== OPTION.SUB_COMMAND && types[index] !== OPTION.SUB_COMMAND_GROUP)
        problems.add(
          [...at, index],
          'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
          'Sub-command and sub-command group option types are mutually exclusive to all other types',
        );
    });
  const names = new Set<string>();
  let optionalSeen = false;
  options.forEach((option, index) => {
    const where = [...at, index];
    if (!isObject(option)) {
      problems.add(where, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    checkOption(option, where, level, problems);
    if (typeof option.name === 'string') {
      if (names.has(option.name))
        problems.add([...where, 'name'], 'BASE_TYPE_DUPLICATE', 'Option names must be unique within a list');
      names.add(option.name);
    }
    if (typeof option.type === 'number' && BASIC_TYPES.has(option.type)) {
      if (option.required === true && optionalSeen)
        problems.add(
          where,
          'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          'Required options must be placed before non-required options',
        );
      if (option.required !== true) optionalSeen = true;
    }
  });
}

function checkOption(option: Json, at: Path, level: Level, problems: Problems): void {
  const type = option.type;
  if (typeof type !== 'number' || !OPTION_TYPES.has(type)) {
    problems.add([...at, 'type'], 'BASE_TYPE_CHOICES', `Value must be one of (${[...OPTION_TYPES]}).`);
    return;
  }
  problems.length([...at, 'name'], option.name, 1, 32);
  if (typeof option.name === 'string') checkChatInputName(option.name, [...at, 'name'], problems);
  problems.length([...at, 'description'], option.description, 1, 100);

  const allowed: ReadonlySet<number> =
    level === 'command' ? OPTION_TYPES : level === 'group' ? new Set([OPTION.SUB_COMMAND]) : BASIC_TYPES;
  if (!allowed.has(type))
    problems.add(
      [...at, 'type'],
      'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
      level === 'group'
        ? 'A sub-command group may contain only sub-commands'
        : 'A sub-command may contain no sub-command or group',
    );

  const nests = type === OPTION.SUB_COMMAND || type === OPTION.SUB_COMMAND_GROUP;
  if (nests) {
    if (option.required === true)
      problems.add([...at, 'required'], 'BASE_TYPE_CHOICES', 'Sub-commands and groups cannot be required');
    const inner = option.options ?? [];
    const list = arrayOf(inner);
    if (list === undefined) problems.add([...at, 'options'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    else
      checkOptionList(
        list,
        [...at, 'options'],
        type === OPTION.SUB_COMMAND ? 'subcommand' : 'group',
        problems,
      );
  } else if (option.options !== undefined && option.options !== null)
    problems.add(
      [...at, 'options'],
      'APPLICATION_COMMAND_OPTIONS_INVALID',
      'Only sub-commands and groups take options',
    );

  checkChoices(option, type, at, problems);
  checkRanges(option, type, at, problems);
}

function checkChoices(option: Json, type: number, at: Path, problems: Problems): void {
  if (option.autocomplete === true && !CHOICE_TYPES.has(type))
    problems.add(
      [...at, 'autocomplete'],
      'BASE_TYPE_CHOICES',
      'Only STRING, INTEGER and NUMBER autocomplete',
    );
  if (option.choices === undefined || option.choices === null) return;
  const choices = arrayOf(option.choices);
  if (choices === undefined) {
    problems.add([...at, 'choices'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (!CHOICE_TYPES.has(type)) {
    problems.add([...at, 'choices'], 'BASE_TYPE_CHOICES', 'Only STRING, INTEGER and NUMBER take choices');
    return;
  }
  if (option.autocomplete === true && choices.length > 0)
    problems.add(
      [...at, 'autocomplete'],
      'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID',
      'Autocomplete cannot be set with choices',
    );
  problems.atMost([...at, 'choices'], choices, MAX_CHOICES);
  choices.forEach((choice, index) => {
    const where = [...at, 'choices', index];
    if (!isObject(choice)) {
      problems.add(where, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    problems.length([...where, 'name'], choice.name, 1, 100);
    const value = choice.value;
    const fits =
      type === OPTION.STRING
        ? typeof value === 'string' && [...value].length <= 100
        : type === OPTION.INTEGER
          ? Number.isInteger(value) && Math.abs(value as number) <= MAX_SAFE
          : typeof value === 'number' && Number.isFinite(value);
    if (!fits) problems.add([...where, 'value'], 'BASE_TYPE_BAD_VALUE', 'Value does not fit the option type');
  });
}

function checkRanges(option: Json, type: number, at: Path, problems: Problems): void {
  for (const field of ['min_length', 'max_length'] as const) {
    const value = option[field];
    if (value === undefined || value === null) continue;
    const least = field === 'min_length' ? 0 : 1;
    if (type !== OPTION.STRING)
      problems.add([...at, field], 'BASE_TYPE_INVALID', `${field} is for STRING options only`);
    else if (!Number.isInteger(value) || (value as number) < least || (value as number) > MAX_STRING_LENGTH)
      problems.add(
        [...at, field],
        'NUMBER_TYPE_MAX',
        `Must be an integer between ${least} and ${MAX_STRING_LENGTH}.`,
      );
  }
  for (const field of ['min_value', 'max_value'] as const) {
    const value = option[field];
    if (value === undefined || value === null) continue;
    if (type !== OPTION.INTEGER && type !== OPTION.NUMBER)
      problems.add([...at, field], 'BASE_TYPE_INVALID', `${field} is for INTEGER and NUMBER options only`);
    else if (typeof value !== 'number' || (type === OPTION.INTEGER && !Number.isInteger(value)))
      problems.add([...at, field], 'NUMBER_TYPE_COERCE', 'Value is not a valid number.');
  }
  const [min, max] = [option.min_value, option.max_value];
  if (typeof min === 'number' && typeof max === 'number' && min > max)
    problems.add([...at, 'min_value'], 'NUMBER_TYPE_MAX', 'min_value must not exceed max_value');
}

/** Names, descriptions, choice names and values of a command and everything in it, summed. */
function combinedLength(node: Json): number {
  let total = 0;
  for (const field of ['name', 'description'] as const)
    if (typeof node[field] === 'string') total += [...(node[field] as string)].length;
  for (const choice of arrayOf(node.choices) ?? [])
    if (isObject(choice))
      total += [...String(choice.name ?? '')].length + [...String(choice.value ?? '')].length;
  for (const option of arrayOf(node.options) ?? []) if (isObject(option)) total += combinedLength(option);
  return total;
}
