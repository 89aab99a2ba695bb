/**
 * JSON in one spelling: every object's members sorted by name (by UTF-16 code units, as
 * Array.prototype.sort does), no spaces, strings and numbers as JSON.stringify writes them. The
 * same value always gives the same text, so the audit chain's hash of an entry can be checked by
 * anything that can parse the entry and write it back this way.
 */

/** `value` as JSON.parse gives it: null, booleans, finite numbers, strings, arrays and plain objects. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const members = Object.keys(value)
    .sort()
    .flatMap((name) => {
      const member = (value as Record<string, unknown>)[name];
      return member === undefined ? [] : [`${JSON.stringify(name)}:${canonicalJson(member)}`];
    });
  return `{${members.join(',')}}`;
}
