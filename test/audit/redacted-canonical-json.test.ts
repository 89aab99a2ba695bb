import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordInputOf, recordValuesOf } from '../../src/audit/audit-record.ts';
import { canonicalJson } from '../../src/audit/canonical-json.ts';
import { redactEntry } from '../../src/audit/entry-line.ts';
import { createRedactor } from '../../src/audit/redact.ts';
import { redactedCanonicalJson } from '../../src/audit/redacted-canonical-json.ts';
import { sampleEntry } from './sample-entry.ts';

/**
 * The one walk every command's audit entry takes must write what the long way writes: JSON with
 * the redactor's replacer, parsed back, written canonically.
 */

const SECRETS = ['3874-3459-9999-2199', 'xoxb-1234-abcd', 'pw'];
const redactor = createRedactor(SECRETS);

const longWay = (value: unknown): string =>
  canonicalJson(JSON.parse(JSON.stringify(value, redactor.replacer)));

/** Names as the parameters have them, secret-named ones and names holding a secret among them. */
const memberName = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('password', 'api_pwd', 'PWD', 'authToken', 'Client_Secret', 'name', '10', '2', 'x-pw-y'),
  fc.constantFrom(...SECRETS).map((secret) => `key ${secret}`),
);
const text = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(...SECRETS).map((secret) => `the password is ${secret}!`),
  fc.constant('\ud800 lone surrogate'),
);
const { value: plainValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(memberName, tie('value'), { maxKeys: 5 }),
  ),
}));

describe('redactedCanonicalJson', () => {
  it('writes what the long way writes, for any plain data', () => {
    fc.assert(
      fc.property(fc.dictionary(memberName, plainValue, { maxKeys: 6 }), (value) => {
        expect(redactedCanonicalJson(value, redactor)).toBe(longWay(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('a member whose name is secret-like is hidden even when it holds undefined, as the replacer hides it', () => {
    expect(redactedCanonicalJson({ password: undefined, other: undefined }, redactor)).toBe(
      '{"password":"***"}',
    );
    expect(longWay({ password: undefined, other: undefined })).toBe('{"password":"***"}');
  });

  it('names that become the same once redacted: the later member wins, as in the long way', () => {
    const value = { 'a xoxb-1234-abcd': 1, 'a 3874-3459-9999-2199': 2 };
    expect(redactedCanonicalJson(value, redactor)).toBe(longWay(value));
    expect(redactedCanonicalJson(value, redactor)).toBe('{"a ***":2}');
  });

  it('anything but plain data is left to the long way: dates, toJSON, class instances, maps, bigints, cycles, __proto__', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    class Point {
      x = 1;
    }
    for (const value of [
      { at: new Date(0) },
      { custom: { toJSON: () => 'x' } },
      { point: new Point() },
      { map: new Map([[1, 2]]) },
      { big: 1n },
      cycle,
      JSON.parse('{"__proto__": {"a": 1}}'),
      { list: Object.assign([1], { toJSON: () => [] }) },
    ]) {
      expect(redactedCanonicalJson(value, redactor)).toBeUndefined();
    }
  });

  it('the same object twice, not in a cycle, is written twice', () => {
    const shared = { n: 1 };
    const value = { a: shared, b: [shared, shared] };
    expect(redactedCanonicalJson(value, redactor)).toBe(longWay(value));
  });
});

describe('recordInputOf', () => {
  it('gives the record the long way gives, for entries with any plain parameters and result', () => {
    fc.assert(
      fc.property(
        fc.dictionary(memberName, plainValue, { maxKeys: 5 }),
        plainValue,
        fc.option(text, { nil: undefined }),
        text.filter((name) => name !== ''),
        (parameters, result, userName, userId) => {
          const entry = sampleEntry({ parameters, result, userName, userId });
          const redacted = redactEntry(entry, redactor);
          if (!redacted.ok) throw new Error(redacted.reason);
          expect(recordInputOf(entry, redactor)).toEqual({
            ok: true,
            input: { entry: canonicalJson(redacted.value), ...recordValuesOf(redacted.value) },
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('an entry with a date among its parameters goes the long way, and is written as JSON writes a date', () => {
    const entry = sampleEntry({ parameters: { at: new Date(0) } });
    const record = recordInputOf(entry, redactor);
    expect(record.ok && JSON.parse(record.input.entry).parameters).toEqual({
      at: '1970-01-01T00:00:00.000Z',
    });
  });
});
