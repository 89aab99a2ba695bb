/**
 * A value checked to be what JSON carries unchanged, before it is stored: a function, a Date, a
 * Map, `undefined` in a list or a number JSON cannot write would come back as something else, and
 * another instance would act on that.
 */

import type { StoredValue } from './state-store.ts';

export function asStoredValue(value: unknown, path = 'value'): StoredValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new TypeError(`${path} is ${value}, which JSON cannot store`);
  }
  if (Array.isArray(value)) return value.map((item, index) => asStoredValue(item, `${path}[${index}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const stored: Record<string, StoredValue> = {};
    for (const [key, item] of Object.entries(value)) {
      // An absent key and a key set to undefined read the same: JSON keeps neither.
      if (item !== undefined) stored[key] = asStoredValue(item, `${path}.${key}`);
    }
    return stored;
  }
  throw new TypeError(`${path} is ${describe(value)}, which JSON cannot store unchanged`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return `a ${value.constructor?.name ?? 'object'}`;
  return `a ${typeof value}`;
}
