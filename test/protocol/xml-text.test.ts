import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeReferences,
  escapeAttribute,
  findForbiddenChar,
  readAttributeValue,
  XmlTextError,
} from '../../src/protocol/xml-text.ts';

describe('findForbiddenChar', () => {
  it('accepts every character XML 1.0 can carry', () => {
    expect(findForbiddenChar('tab\there\nnew\rline é 😀 שלום \u{10FFFF} \uFFFD')).toBeUndefined();
  });

  it.each([
    ['a\0b', 1, 0],
    ['\u0001', 0, 1],
    ['ok\u001F', 2, 0x1f],
    ['\uFFFE', 0, 0xfffe],
    ['\uFFFF', 0, 0xffff],
    ['x\uD800y', 1, 0xd800],
    ['😀\uDC00', 2, 0xdc00],
  ])('finds the forbidden character in %j', (value, index, codePoint) => {
    expect(findForbiddenChar(value)).toEqual({ index, codePoint });
  });
});

describe('escapeAttribute and readAttributeValue', () => {
  it('escapes markup, quotes and the whitespace a parser would normalise', () => {
    expect(escapeAttribute(`a&b<c>d"e'f\tg\nh\ri`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;i');
  });

  it('reads literal whitespace as a parser must: line ends folded, then turned into spaces', () => {
    expect(readAttributeValue('a\r\nb\rc\nd\te')).toBe('a b c d e');
  });

  it('keeps whitespace written as character references', () => {
    expect(readAttributeValue('a&#13;&#10;b&#9;c&#x0A;')).toBe('a\r\nb\tc\n');
  });

  it('decodes in one pass, so a decoded ampersand never starts a second reference', () => {
    expect(decodeReferences('&amp;lt; &amp;#38; &amp;amp;')).toBe('&lt; &#38; &amp;');
  });

  it.each([
    ['a & b', 'bare'],
    ['&lol;', 'not one XML predefines'],
    ['&#0;', 'zero byte'],
    ['&#xD800;', 'surrogate'],
    ['a<b', "literal '<'"],
  ])('refuses %j', (raw, reason) => {
    expect(() => readAttributeValue(raw)).toThrow(XmlTextError);
    expect(() => readAttributeValue(raw)).toThrow(reason);
  });

  it('round-trips any text XML can carry', () => {
    const xmlString = fc
      .string({ unit: 'binary', maxLength: 200 })
      .filter((text) => findForbiddenChar(text) === undefined);
    fc.assert(
      fc.property(xmlString, (text) => readAttributeValue(escapeAttribute(text)) === text),
      { numRuns: 2000 },
    );
  });
});
