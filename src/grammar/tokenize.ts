/**
 * Splits a command line the way a moderator expects: words separated by white space, "double",
 * 'single' or typographic “curly” quotes around values with spaces, a backslash escaping a quote
 * or a backslash inside quotes, and `key=value` options whose value may be quoted. A single quote
 * right after a letter or digit is an apostrophe (Don't, O'Brien, It’s), not the start of a quote.
 */

export interface Token {
  /** The word with its quotes removed. */
  text: string;
  /** For `key=value`: the key as typed and the unquoted value. */
  option?: { key: string; value: string };
  /** Whether any part of the token was quoted (a quoted `a=b` is a value, not an option). */
  quoted: boolean;
  /** Offsets of the raw token in the line, so a trailing message can be taken verbatim. */
  start: number;
  end: number;
}

export class TokenizeError extends Error {
  override name = 'TokenizeError';
}

const CLOSING_QUOTE: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '“': '”',
  '”': '”',
  '‘': '’',
  '’': '’',
};
const OPTION_KEY = /^[A-Za-z][A-Za-z0-9_.-]*$/;

const APOSTROPHES = new Set(["'", '’']);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SPACE = /\s/;

/** Every token of the line; throws TokenizeError on a quote that is never closed. */
export function tokenize(line: string): Token[] {
  const reader = new TokenReader(line);
  const tokens: Token[] = [];
  for (let token = reader.next(); token !== undefined; token = reader.next()) tokens.push(token);
  return tokens;
}

/**
 * Reads a line one token at a time, so that a parser can stop where the rest of the line is a
 * message taken as typed: that part is never split, and its quotes need not be balanced.
 */
export class TokenReader {
  readonly #line: string;
  #at: number;

  constructor(line: string, from = 0) {
    this.#line = line;
    this.#at = from;
  }

  /** Where the next token starts (after white space); the line's length at its end. */
  get offset(): number {
    while (this.#at < this.#line.length && SPACE.test(this.#line[this.#at] ?? '')) this.#at += 1;
    return this.#at;
  }

  /** The next token, undefined at the end. Throws TokenizeError, without moving, on a quote never closed. */
  next(): Token | undefined {
    const start = this.offset;
    if (start >= this.#line.length) return undefined;
    const token = readToken(this.#line, start);
    this.#at = token.end;
    return token;
  }

  /** Whether nothing but white space is left (a quote never closed is something). */
  atEnd(): boolean {
    return this.offset >= this.#line.length;
  }
}

function readToken(line: string, start: number): Token {
  let text = '';
  let quoted = false;
  let optionKeyEnd = -1;
  let at = start;
  while (at < line.length && !SPACE.test(line[at] ?? '')) {
    const char = line[at] ?? '';
    const closing = CLOSING_QUOTE[char];
    const apostrophe = APOSTROPHES.has(char) && at > start && LETTER_OR_DIGIT.test(line[at - 1] ?? '');
    if (closing !== undefined && !apostrophe) {
      const { value, next } = readQuoted(line, at, closing);
      text += value;
      quoted = true;
      at = next;
      continue;
    }
    if (char === '=' && optionKeyEnd === -1 && !quoted) optionKeyEnd = text.length;
    text += char;
    at += 1;
  }
  const token: Token = { text, quoted, start, end: at };
  const key = optionKeyEnd > 0 ? text.slice(0, optionKeyEnd) : '';
  if (OPTION_KEY.test(key)) token.option = { key, value: text.slice(optionKeyEnd + 1) };
  return token;
}

function readQuoted(line: string, open: number, closing: string): { value: string; next: number } {
  let value = '';
  for (let at = open + 1; at < line.length; at += 1) {
    const char = line[at] ?? '';
    if (char === '\\' && (line[at + 1] === closing || line[at + 1] === '\\')) {
      value += line[at + 1];
      at += 1;
    } else if (char === closing) {
      return { value, next: at + 1 };
    } else {
      value += char;
    }
  }
  throw new TokenizeError(`the quote ${line[open]} at position ${open + 1} is never closed`);
}
