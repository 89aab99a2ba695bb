/**
 * An audit entry's redacted canonical JSON in one walk: the text
 * `canonicalJson(JSON.parse(JSON.stringify(value, redactor.replacer)))` gives, without writing the
 * entry, parsing it back and writing it again for every command. Only plain data takes this way
 * (strings, numbers, booleans, null, undefined, arrays, objects whose prototype is Object's or
 * null, no toJSON, no cycle); for anything else it answers undefined and the caller takes the long
 * way, so the two never differ (a property test holds them together).
 */

import { isSecretKey, REDACTED, type Redactor } from './redact.ts';

const NOT_PLAIN = Symbol('not plain data');

export function redactedCanonicalJson(value: unknown, redactor: Redactor): string | undefined {
  const ancestors = new Set<object>();

  /** Undefined: left out of an object (null in an array); NOT_PLAIN: take the long way. */
  const write = (
    holderIsArray: boolean,
    key: string,
    given: unknown,
  ): string | undefined | typeof NOT_PLAIN => {
    // The replacer's first rule: a secret-named member is REDACTED whatever it holds, undefined too.
    if (!holderIsArray && isSecretKey(key)) return JSON.stringify(REDACTED);
    switch (typeof given) {
      case 'string':
        return JSON.stringify(redactor.text(given));
      case 'number':
        return Number.isFinite(given) ? JSON.stringify(given) : 'null';
      case 'boolean':
        return given ? 'true' : 'false';
      case 'undefined':
      case 'function':
      case 'symbol':
        return undefined;
      case 'bigint':
        return NOT_PLAIN;
    }
    if (given === null) return 'null';
    if (typeof given !== 'object') return NOT_PLAIN;
    if (ancestors.has(given)) return NOT_PLAIN;
    ancestors.add(given);
    const text = Array.isArray(given) ? writeArray(given) : writeObject(given);
    ancestors.delete(given);
    return text;
  };

  const writeArray = (array: unknown[]): string | typeof NOT_PLAIN => {
    if (Object.getPrototypeOf(array) !== Array.prototype || 'toJSON' in array) return NOT_PLAIN;
    const items: string[] = [];
    for (let index = 0; index < array.length; index += 1) {
      const item = write(true, String(index), array[index]);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      items.push(item ?? 'null');
    }
    return `[${items.join(',')}]`;
  };

  const writeObject = (object: object): string | typeof NOT_PLAIN => {
    const prototype = Object.getPrototypeOf(object);
    if ((prototype !== Object.prototype && prototype !== null) || 'toJSON' in object) return NOT_PLAIN;
    const record = object as Record<string, unknown>;
    // Member names holding a secret are written redacted; a later member wins a clash, as in
    // Object.fromEntries (the replacer's way).
    const members = new Map<string, unknown>();
    for (const name of Object.keys(record)) {
      // JSON.parse makes "__proto__" an own member; the long way keeps to its rules.
      if (name === '__proto__') return NOT_PLAIN;
      members.set(redactor.text(name), record[name]);
    }
    const parts: string[] = [];
    for (const name of [...members.keys()].sort()) {
      const member = write(false, name, members.get(name));
      if (member === NOT_PLAIN) return NOT_PLAIN;
      if (member !== undefined) parts.push(`${JSON.stringify(name)}:${member}`);
    }
    return `{${parts.join(',')}}`;
  };

  const text = write(true, '', value);
  return text === NOT_PLAIN ? undefined : text;
}
