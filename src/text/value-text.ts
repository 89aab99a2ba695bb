/** How problems quote the value they refuse: scalars as written, collections by kind only. */

function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** A zod error function for a field with its own vocabulary: `"abc" is not a port number (1-65535)`. */
export function valueIsNot(what: string): (issue: { readonly input?: unknown }) => string {
  return (issue) => `${showValue(issue.input)} is not ${what}`;
}

const EXPECTED_NOUNS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

/** The wording of a plain type mismatch, for fields that need no vocabulary of their own. */
export function expectedButGot(expected: string, input: unknown): string {
  return `expected ${EXPECTED_NOUNS[expected] ?? expected}, got ${showValue(input)}`;
}
