import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeCommandBytes,
  MalformedCommandError,
  readCommandDocument,
} from '../../src/emulator/command-reader.ts';
import { escapeAttribute, findForbiddenChar } from '../../src/protocol/xml-text.ts';
import { ADD_ROOM_SAMPLE } from './manual-samples.ts';

function attributesOf(text: string): Readonly<Record<string, string>> {
  return readCommandDocument(text).attributes;
}

function refusalOf(text: string): string {
  try {
    readCommandDocument(text);
  } catch (error) {
    if (error instanceof MalformedCommandError) return error.message;
    throw error;
  }
  throw new Error('the document was accepted');
}

describe('reading a command document', () => {
  it("reads the manual's add_room sample: attributes in order, and its schedule", () => {
    const document = readCommandDocument(ADD_ROOM_SAMPLE);
    expect(Object.keys(document.attributes)).toEqual([
      'group',
      'api_pwd',
      'type',
      'name',
      'owner',
      'desc',
      'max',
      'speaker',
      'member',
      'pwd',
      'passallmessage',
    ]);
    expect(document.roomOpenTimes).toEqual([{ o: 'day2', e: '10:00:00', s: '00:00:00' }]);
  });

  it('tells a missing roomOpen from an empty one', () => {
    expect(readCommandDocument('<Command type="edit_room"/>').roomOpenTimes).toBeUndefined();
    expect(
      readCommandDocument('<Command type="edit_room"><roomOpen></roomOpen></Command>').roomOpenTimes,
    ).toEqual([]);
  });

  it('applies XML attribute-value normalisation exactly', () => {
    const attributes = attributesOf(
      '<Command literal="a\nb" lf="a&#10;b" amp="x&amp;lt;y" tab="a\tb" ref-tab="a&#9;b" crlf="a\r\nb" cr="a&#13;b" hex="&#x1F600;" quotes="&quot;&apos;" gt="a>b" single=\'say "hi"\'/>',
    );
    expect(attributes).toEqual({
      literal: 'a b',
      lf: 'a\nb',
      amp: 'x&lt;y',
      tab: 'a b',
      'ref-tab': 'a\tb',
      crlf: 'a b',
      cr: 'a\rb',
      hex: '😀',
      quotes: '"\'',
      gt: 'a>b',
      single: 'say "hi"',
    });
  });

  it('keeps an attribute named like an Object property as a plain attribute', () => {
    const attributes = attributesOf(
      '<Command __proto__="p" constructor="c" toString="t" hasOwnProperty="h"/>',
    );
    expect(Object.entries(attributes)).toEqual([
      ['__proto__', 'p'],
      ['constructor', 'c'],
      ['toString', 't'],
      ['hasOwnProperty', 'h'],
    ]);
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
  });

  it('reads back any text a client escapes with escapeAttribute', () => {
    const carriable = fc
      .string({ unit: 'binary', maxLength: 80 })
      .filter((text) => findForbiddenChar(text) === undefined);
    fc.assert(
      fc.property(carriable, carriable, (first, second) => {
        const attributes = attributesOf(
          `<Command a="${escapeAttribute(first)}" b="${escapeAttribute(second)}"/>`,
        );
        expect(attributes).toEqual({ a: first, b: second });
      }),
      { numRuns: 500 },
    );
  });

  it('accepts a byte-order mark, comments, processing instructions and whitespace around the root', () => {
    const text = decodeCommandBytes(
      Buffer.from(
        '\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- hi --><?app x?>\n<Command type="start_group"><!-- c --></Command>\n',
      ),
    );
    expect(attributesOf(text)).toEqual({ type: 'start_group' });
  });
});

describe('refusing what is not a well-formed <Command> document', () => {
  it.each([
    ['an unclosed element', '<Command type="x">', /not well-formed/],
    ['mismatched tags', '<Command></command>', /not well-formed/],
    ['an unquoted attribute', '<Command type=start_group/>', /not well-formed/],
    ['an attribute without value', '<Command type/>', /not well-formed/],
    ['a duplicate attribute', '<Command type="a" type="b"/>', /repeated/],
    [
      'a duplicate attribute on a child',
      '<Command><roomOpen><Time o="day1" o="day2"/></roomOpen></Command>',
      /repeated/,
    ],
    ['a literal < in an attribute', '<Command msg="a < b"/>', /literal '<'/],
    ['a bare &', '<Command msg="fish & chips"/>', /bare '&'/],
    ['an unknown entity', '<Command msg="&nbsp;"/>', /not one XML predefines/],
    ['a reference to a character XML cannot carry', '<Command msg="&#0;"/>', /zero byte/],
    ['a control character', '<Command msg="\u0007"/>', /U\+0007/],
    ['a bad reference in a child element', '<Command><x a="&bogus;"/></Command>', /attribute a of <x>/],
    ['a bare & in text content', '<Command>a & b</Command>', /not well-formed/],
    ['an unknown entity in text content', '<Command>&bogus;</Command>', /text is not well-formed/],
    ["']]>' in text content", '<Command>]]></Command>', /text is not well-formed/],
    ['two root elements', '<Command/><Command/>', /more than one root/],
    ['text after the root', '<Command/>trailing', /text outside/],
    ['text between the root and a comment', '<Command/>trailing<!-- c -->', /text outside/],
    ['text before the root', '<!-- c -->lead<Command/>', /not well-formed/],
    ['text between the root and another element', '<Command/>x<Other/>', /more than one root/],
    ['CDATA outside the root', '<![CDATA[x]]><Command/>', /text outside/],
    ['an XML declaration that is not first', '<Command/><?xml version="1.0"?>', /must come first/],
    ['whitespace before the XML declaration', ' <?xml version="1.0"?><Command/>', /not well-formed/],
    ['another root element', '<Response type="x"/>', /root element must be <Command>/],
    ['a lower-case root', '<command type="x"/>', /root element must be <Command>/],
    ['nothing at all', '', /not well-formed/],
    [
      'a declared encoding other than UTF-8',
      '<?xml version="1.0" encoding="ISO-8859-1"?><Command/>',
      /only UTF-8/,
    ],
  ])('%s', (_label, text, reason) => {
    expect(refusalOf(text)).toMatch(reason);
  });

  it('refuses any DOCTYPE, so no entity is ever expanded (billion laughs)', () => {
    const laughs = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      '<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level === 0 ? '' : level};`.repeat(10)}">`,
      ),
      ']>',
      '<Command group="default" type="broadcast" msg="&lol9;"/>',
    ].join('\n');
    expect(refusalOf(laughs)).toBe('DOCTYPE and ENTITY declarations are refused');
    expect(refusalOf('<!DOCTYPE Command SYSTEM "file:///etc/passwd"><Command/>')).toMatch(/DOCTYPE/);
    expect(refusalOf('<!DOCTYPE Command><Command/>')).toMatch(/DOCTYPE/);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => decodeCommandBytes(Buffer.from([0x3c, 0xc3, 0x28, 0x3e]))).toThrow('not valid UTF-8');
    expect(decodeCommandBytes(Buffer.from('<Command msg="é"/>', 'utf8'))).toBe('<Command msg="é"/>');
  });
});
