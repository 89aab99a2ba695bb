import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReply, parseReplyDocument } from '../../src/protocol/reply.ts';

// parseReply reads the common one-element reply without the XML parser. It must never differ from
// the general path (validator, then parser): the same reply, or the same error, for any text.

function outcome(read: (text: string) => unknown, text: string): unknown {
  try {
    return { reply: read(text) };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Mostly what the shortcut takes, with now and then what it must leave to the general path. */
const often = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: rare, weight: 1 });

const valueChar = often(
  fc.constantFrom(...'aZ0 9.-_:/>'.split(''), '&amp;', '&lt;', '&gt;', '&quot;', '&apos;', 'é', '😀'),
  fc.constantFrom(
    '"',
    "'",
    '<',
    '&',
    '&#10;',
    '&#x41;',
    '&bogus;',
    '\t',
    '\n',
    '\r',
    '\r\n',
    '\0',
    '\u0001',
    '\uFFFE',
    '\uD800',
  ),
);
const value = fc.array(valueChar, { maxLength: 12 }).map((chars) => chars.join(''));
const name = often(
  fc.constantFrom('result', 'message', 'type', 'a', 'x-y', 'a.b', 'A9_'),
  fc.constantFrom(
    '_x',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    'xmlns',
    'Ü',
    '1a',
    'a:b',
    '',
  ),
);
const space = often(fc.constant(' '), fc.constantFrom('  ', '\t', '\n', '\r\n', '', '\u00a0'));
const quote = often(fc.constant('"'), fc.constant("'"));
const equals = often(fc.constant('='), fc.constantFrom(' = ', '==', ''));
const attribute = fc
  .tuple(space, name, equals, quote, value)
  .map(([before, key, sign, q, text]) => `${before}${key}${sign}${q}${text}${q}`);
const declaration = often(
  fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>'),
  fc.constantFrom(
    "<?xml version='1.0'?>",
    '<?xml version="1.1"?>',
    '<?xml version="1.0" encoding="UTF-8" ?>',
    '<?xml version="1.0" standalone="yes"?>',
    '<!DOCTYPE r>',
    '<!-- c -->',
  ),
);
const rootName = often(
  fc.constantFrom('Response', 'r', 'Whatever', 'a-b', 'R_2'),
  fc.constantFrom('a:b', '1r', '_r', 'Ü', '', 'constructor', 'toString'),
);
const ending = often(
  fc.constantFrom('/>', ' />', '/>\0trailer', '/> \n'),
  fc.constantFrom('></Response>', '>', '/>junk', '/><x/>', '/ >', ''),
);
const reply = fc
  .tuple(
    declaration,
    often(fc.constant(''), space),
    rootName,
    fc.array(attribute, { maxLength: 4 }),
    often(fc.constant(''), space),
    ending,
  )
  .map(
    ([decl, gap, root, attributes, tail, end]) => `${decl}${gap}<${root}${attributes.join('')}${tail}${end}`,
  );

describe('parseReply’s shortcut', () => {
  it('reads every text exactly as the general path does', () => {
    fc.assert(
      fc.property(reply, (text) => {
        expect(outcome(parseReply, text)).toEqual(outcome(parseReplyDocument, text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees on arbitrary text too', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        expect(outcome(parseReply, text)).toEqual(outcome(parseReplyDocument, text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('refuses a long hostile reply, as the general path does (its time is test/stress/parse-time.stress.ts)', () => {
    const hostile = `<r${' a="x"'.repeat(50_000)}${' '.repeat(200_000)}x`;
    expect(outcome(parseReply, hostile)).toEqual(outcome(parseReplyDocument, hostile));
    expect(() => parseReply(hostile)).toThrow(
      'the reply is 500003 characters long, more than the 65536 a reply may have',
    );
    // Just under the limit the general path reads it, and finds what is wrong.
    const under = `<r${' a="x"'.repeat(10_000)}${' '.repeat(5_000)}x`;
    expect(() => parseReply(under)).toThrow("the reply is not well-formed XML (Attribute 'a' is repeated.");
  });
});
