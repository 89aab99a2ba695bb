import type { Operation } from '../catalogue/operation.ts';
import { usageLine } from '../catalogue/usage.ts';
import { parseTypedRoomId } from '../rooms/room-id.ts';
import { nearest } from '../text/nearest.ts';
import { type Token, TokenizeError, TokenReader } from './tokenize.ts';

/**
 * A `/chat …` line as typed on a text platform (Slack, console), turned into an operation and
 * the raw text of its parameters. Values are validated afterwards, against the same schemas
 * that validate Discord's typed options.
 */
export type ParsedLine =
  | { ok: true; operation: Operation; values: Record<string, string>; roomReadings?: RoomReadings }
  | { ok: false; message: string; usage?: string; operation?: Operation };

/**
 * A room named without quotes and followed only by optional positionals may take the words after
 * it or leave them to those parameters: `stats Help Desk` is the room "Help Desk", or the room
 * "Help" and the period "Desk". The line's values are the reading the parameters' schemas accept
 * (the shorter one when every word after the room is a valid value of its parameter); the room
 * directory has the last word (the resolve-rooms step): a room known by the longer name wins.
 */
export interface RoomReadings {
  /** The room parameter. */
  readonly param: string;
  /** The room takes every word after it; the optional parameters after it are left out. */
  readonly longer: Readonly<Record<string, string>>;
  /** The room takes the words the parameters after it leave. */
  readonly shorter: Readonly<Record<string, string>>;
  /** The reading the line's values are. */
  readonly read: 'longer' | 'shorter';
}

const PREFIX = /^\s*\/chat(?=\s|$)/i;

/** The part of a typed line after its operation's words: what its parameters are read from. */
export interface LineArguments {
  text: string;
  from: number;
}

export type FoundOperation =
  | { ok: true; operation: Operation; args: LineArguments }
  | { ok: false; message: string; usage?: string };

export function parseLine(line: string, catalogue: readonly Operation[]): ParsedLine {
  const found = findLineOperation(line, catalogue);
  return found.ok ? parseLineArguments(found.operation, found.args) : found;
}

/** The operation a line names, without reading its parameters (the command path does that next). */
export function findLineOperation(line: string, catalogue: readonly Operation[]): FoundOperation {
  const text = line.replace(PREFIX, '');
  // The operation's words come first: no more tokens than the longest operation has words.
  const reader = new TokenReader(text);
  const head: Token[] = [];
  const index = indexOf(catalogue);
  try {
    for (
      let token = reader.next();
      token !== undefined;
      token = head.length < index.longest ? reader.next() : undefined
    )
      head.push(token);
  } catch (error) {
    if (!(error instanceof TokenizeError)) throw error;
    // A quote never closed may open a message, which is taken as typed; elsewhere it is an error.
    if (head.length === 0) return { ok: false, message: error.message };
  }
  const found = findOperation(head, catalogue, index);
  if (!found.ok) return found;
  const { words } = found.operation;
  const from = words.length === 0 ? 0 : (head[words.length - 1]?.end ?? text.length);
  return { ok: true, operation: found.operation, args: { text, from } };
}

/** The values of the operation's parameters, read from what follows its words. */
export function parseLineArguments(operation: Operation, args: LineArguments): ParsedLine {
  return assignParams(args.text, new TokenReader(args.text, args.from), operation);
}

interface CatalogueIndex {
  /** The most words an operation has. */
  longest: number;
  /** Operations by their first word, those with more words first (the longest match wins). */
  byFirstWord: ReadonlyMap<string, readonly Operation[]>;
}

const indexes = new WeakMap<readonly Operation[], CatalogueIndex>();

/** Worked out once per catalogue: every command line would otherwise scan and sort it. */
function indexOf(catalogue: readonly Operation[]): CatalogueIndex {
  let index = indexes.get(catalogue);
  if (index === undefined) {
    const byFirstWord = new Map<string, Operation[]>();
    for (const operation of catalogue) {
      const first = operation.words[0] ?? '';
      byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), operation]);
    }
    for (const operations of byFirstWord.values()) operations.sort((a, b) => b.words.length - a.words.length);
    index = { longest: Math.max(0, ...catalogue.map((operation) => operation.words.length)), byFirstWord };
    indexes.set(catalogue, index);
  }
  return index;
}

function findOperation(
  tokens: readonly Token[],
  catalogue: readonly Operation[],
  { byFirstWord }: CatalogueIndex,
): { ok: true; operation: Operation } | { ok: false; message: string; usage?: string } {
  const words = tokens.map((token) => (token.quoted ? '' : token.text.toLowerCase()));
  if (words.length === 0) {
    const help = catalogue.find((operation) => operation.name === 'help');
    if (help) return { ok: true, operation: help };
  }
  const matches = (operations: readonly Operation[] | undefined) =>
    operations?.find((operation) => operation.words.every((word, index) => words[index] === word));
  // An operation without words (none today) matches any line that nothing longer matches.
  const best = matches(byFirstWord.get(words[0] ?? '')) ?? matches(byFirstWord.get(''));
  if (best) return { ok: true, operation: best };

  const typed = words[0] || (tokens[0]?.text ?? '');
  const family = catalogue.filter((operation) => operation.words.length > 1 && operation.words[0] === typed);
  if (family.length > 0) {
    const second = tokens[1]?.text;
    const choices = family.map((operation) => operation.words[1] ?? '');
    const hint = second ? nearest(second, choices)[0] : undefined;
    return {
      ok: false,
      message: `${second ? `unknown operation "${typed} ${second}"` : `"${typed}" needs one of: ${choices.join(', ')}`}${hint ? ` (did you mean "${typed} ${hint}"?)` : ''}`,
      usage: family.map(usageLine).join('\n'),
    };
  }
  const labels = [...new Set(catalogue.map((operation) => operation.words[0] ?? ''))];
  const hint = nearest(typed, labels)[0];
  return {
    ok: false,
    message: `unknown operation "${typed}"${hint ? ` (did you mean "${hint}"?)` : ''}. Type /chat help for the list.`,
  };
}

function assignParams(text: string, reader: TokenReader, operation: Operation): ParsedLine {
  const fail = (message: string): ParsedLine => ({
    ok: false,
    message,
    usage: usageLine(operation),
    operation,
  });
  const { positionals, restName, optionNames } = shapeOf(operation);
  const values: Record<string, string> = {};
  let nextPositional = 0;
  /** Without a message parameter, positional words are gathered first: a room name may span several. */
  const words: Token[] = [];

  for (;;) {
    const allPositionalsGiven = nextPositional >= positionals.length;
    const messageMayStart = restName !== undefined && allPositionalsGiven;
    const offset = reader.offset;
    let token: Token | undefined;
    try {
      token = reader.next();
    } catch (error) {
      if (!(error instanceof TokenizeError)) throw error;
      // A message is taken as typed, even with a quote it never closes ('tis the season).
      if (restName !== undefined && messageMayStart) {
        values[restName] = text.slice(offset);
        break;
      }
      return fail(error.message);
    }
    if (token === undefined) break;
    if (token.option) {
      const name = optionNames.get(token.option.key.toLowerCase());
      if (name !== undefined) {
        if (name in values) return fail(`${name} is given twice`);
        values[name] = token.option.value;
        continue;
      }
      // Once the positionals are given, a message may well contain "a=b".
      if (!messageMayStart) {
        const hint = nearest(token.option.key, optionNames.values())[0];
        return fail(
          `unknown option "${token.option.key}"${hint ? ` (did you mean "${hint}"?)` : ''}; to use it as a value, put it in quotes`,
        );
      }
    }
    if (restName === undefined) {
      words.push(token);
      nextPositional = Math.min(positionals.length, nextPositional + 1);
      continue;
    }
    if (!allPositionalsGiven) {
      values[positionals[nextPositional] ?? ''] = token.text;
      nextPositional += 1;
      continue;
    }
    // A single quoted argument is the message itself; otherwise the message is kept as typed.
    values[restName] = token.quoted && reader.atEnd() ? token.text : text.slice(token.start);
    break;
  }
  const spread = spreadWords(text, words, positionals, operation);
  if (typeof spread === 'string') return fail(spread);
  const roomReadings = spread.longer && readingsOf(operation, spread.longer, values, spread.values);
  Object.assign(values, roomReadings?.[roomReadings.read] ?? spread.values);

  const missing = [
    ...positionals.slice(nextPositional),
    ...(restName && !(restName in values) ? [restName] : []),
  ].filter((name) => operation.params[name]?.required);
  if (missing.length > 0) return fail(`missing ${missing.map((name) => `<${name}>`).join(' and ')}`);
  return roomReadings === undefined
    ? { ok: true, operation, values }
    : { ok: true, operation, values, roomReadings };
}

interface SpreadWords {
  values: Record<string, string>;
  /** The room with every word after it, when it may take them (see RoomReadings). */
  longer?: { param: string; values: Record<string, string> };
}

/** Both readings of a room that may take the words after it, the options in each; see RoomReadings. */
function readingsOf(
  operation: Operation,
  longer: NonNullable<SpreadWords['longer']>,
  options: Readonly<Record<string, string>>,
  shorter: Readonly<Record<string, string>>,
): RoomReadings {
  // The words after the room, each valid for its parameter: the room leaves them.
  const valid = Object.entries(shorter).every(
    ([name, typed]) =>
      name in longer.values || operation.params[name]?.schema.safeParse(typed).success === true,
  );
  return {
    param: longer.param,
    longer: { ...options, ...longer.values },
    shorter: { ...options, ...shorter },
    read: valid ? 'shorter' : 'longer',
  };
}

/**
 * The positional words, one a parameter; more words than parameters are a room's name typed
 * without quotes (`who Help Desk`, `stats Help Desk 24h`, `room add Help Desk`): the room (or a
 * parameter that `spansWords`) takes the words the parameters after it leave. A room id has no
 * spaces, and a quoted word is meant whole, so neither gathers more words. A room followed only by
 * optional positionals may also take the words they were given: that reading is `longer`.
 */
function spreadWords(
  text: string,
  words: readonly Token[],
  positionals: readonly string[],
  operation: Operation,
): SpreadWords | string {
  const surplus = words.length - positionals.length;
  const roomAt = positionals.findIndex((name) => {
    const param = operation.params[name];
    return param?.input.type === 'room' || param?.spansWords === true;
  });
  const roomWords = roomAt === -1 ? [] : words.slice(roomAt, roomAt + surplus + 1);
  const [first] = roomWords;
  const last = roomWords.at(-1);
  const gathers =
    first !== undefined &&
    last !== undefined &&
    !roomWords.some((word) => word.quoted) &&
    parseTypedRoomId(first.text) === undefined;
  if (surplus > 0 && !gathers) {
    const extra = words[positionals.length];
    return `unexpected "${extra?.text ?? ''}": ${operation.words.join(' ')} takes no more arguments`;
  }
  const typed = words.map((word) => word.text);
  if (surplus > 0 && first !== undefined && last !== undefined)
    typed.splice(roomAt, roomWords.length, text.slice(first.start, last.end));
  const valuesOf = (list: readonly string[]) =>
    Object.fromEntries(list.map((word, index) => [positionals[index] ?? '', word]));
  const values = valuesOf(typed);
  const after = positionals.slice(roomAt + 1);
  const room = positionals[roomAt];
  const allWords = words.slice(roomAt);
  const [firstWord] = allWords;
  const lastWord = allWords.at(-1);
  const mayTakeAll =
    room !== undefined &&
    operation.params[room]?.input.type === 'room' &&
    after.length > 0 &&
    after.every((name) => operation.params[name]?.required === false) &&
    typed.length > roomAt + 1 &&
    firstWord !== undefined &&
    lastWord !== undefined &&
    !allWords.some((word) => word.quoted) &&
    parseTypedRoomId(firstWord.text) === undefined;
  if (!mayTakeAll) return { values };
  const longer = [...typed.slice(0, roomAt), text.slice(firstWord.start, lastWord.end)];
  return { values, longer: { param: room, values: valuesOf(longer) } };
}

interface GrammarShape {
  positionals: readonly string[];
  restName: string | undefined;
  /** Lower-cased option name → the parameter's name. */
  optionNames: ReadonlyMap<string, string>;
}

// Worked out once per operation: every line typed pays for parsing, not for this.
const shapes = new WeakMap<Operation, GrammarShape>();

function shapeOf(operation: Operation): GrammarShape {
  let shape = shapes.get(operation);
  if (shape === undefined) {
    const entries = Object.entries(operation.params);
    shape = {
      positionals: entries.filter(([, param]) => param.placement === 'positional').map(([name]) => name),
      restName: entries.find(([, param]) => param.placement === 'rest')?.[0],
      optionNames: new Map(
        entries
          .filter(([, param]) => param.placement === 'option')
          .map(([name]) => [name.toLowerCase(), name]),
      ),
    };
    shapes.set(operation, shape);
  }
  return shape;
}
