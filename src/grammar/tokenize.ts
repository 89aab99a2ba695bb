/**
 * Splits a command line the way a moderator expects: words separated by white space, "double",
 * 'single' or typographic “curly” quotes around values with spaces, a backslash escaping a quote
 * or a backslash inside quotes, and `key=value` options whose value may be quoted.
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

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < line.length) {
    while (at < line.length && /\s/.test(line[at] ?? '')) at += 1;
    if (at >= line.length) break;
    tokens.push(readToken(line, at));
    at = tokens.at(-1)?.end ?? line.length;
  }
  return tokens;
}

function readToken(line: string, start: number): Token {
  let text = '';
  let quoted = false;
  let optionKeyEnd = -1;
  let at = start;
  while (at < line.length && !/\s/.test(line[at] ?? '')) {
    const char = line[at] ?? '';
    const closing = CLOSING_QUOTE[char];
    if (closing !== undefined) {
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
