import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFlatXml } from '../../src/data-api/flat-xml.ts';
import { LIST_ELEMENTS, parseXmlRoot, readXmlRoot } from '../../src/data-api/xml-document.ts';

/**
 * The one-pass reader of the usual Data API answer must never accept a document the general path
 * (validator and parser) refuses, nor read one differently: it declines what it is unsure of.
 */

/** What the general path makes of a document; its text between elements is dropped by every schema. */
function general(text: string, rootName: string): unknown {
  const root = parseXmlRoot(text, rootName);
  if (!root.ok) return 'refused';
  const { '#text': _text, ...content } = root.content as Record<string, unknown>;
  return content;
}

const ROOTS = ['rooms', 'users', 'online'] as const;
const name = fc.constantFrom('id', 'name', 'count', 'a.b', '_x', 'cn', 'room', 'user', '1bad', '__proto__');
const space = fc.constantFrom('', ' ', '\n', '\t', '\r\n', '  ', '\u00a0');
const valuePart = fc.constantFrom(
  'a',
  ' ',
  '\t',
  '\n',
  '\r',
  '>',
  "'",
  '=',
  '/',
  'é',
  '😀',
  '\u00a0',
  '\u0001',
  '&amp;',
  '&lt;',
  '&quot;',
  '&#65;',
  '&#x41;',
  '&#0;',
  '&bogus;',
  '&',
  '<',
  '"',
);
const value = fc.array(valuePart, { maxLength: 6 }).map((parts) => parts.join(''));
const attribute = fc
  .tuple(space, name, space, value, fc.constantFrom('"', '"', "'"))
  .map(
    ([before, key, around, text, quote]) =>
      `${before || ' '}${key}${around}=${around}${quote}${text}${quote}`,
  );
const element = fc
  .tuple(
    fc.constantFrom('room', 'user', 'other'),
    fc.array(attribute, { maxLength: 4 }),
    space,
    fc.constantFrom('/>', '/>', '>', '></room>'),
  )
  .map(([tag, attributes, before, end]) => `<${tag}${attributes.join('')}${before}${end}`);
const document = fc
  .tuple(
    fc.constantFrom(
      '',
      '<?xml version="1.0" encoding="UTF-8"?>',
      "<?xml version='1.0'?>",
      ' <?xml version="1.0"?>',
    ),
    space,
    fc.constantFrom(...ROOTS),
    fc.array(attribute, { maxLength: 3 }),
    fc.array(
      fc.tuple(space, element).map(([before, text]) => before + text),
      { maxLength: 5 },
    ),
    space,
    fc.constantFrom('close', 'self-closing', 'other close', 'trailing text', 'comment'),
  )
  .map(([declaration, before, root, attributes, children, after, end]) => {
    const open = `${declaration}${before}<${root}${attributes.join('')}`;
    switch (end) {
      case 'self-closing':
        return `${open}${after}/>`;
      case 'other close':
        return `${open}>${children.join('')}${after}</rooms2>`;
      case 'trailing text':
        return `${open}>${children.join('')}</${root}>x`;
      case 'comment':
        return `${open}>${children.join('')}<!-- c --></${root}>`;
      default:
        return `${open}>${children.join('')}${after}</${root}>`;
    }
  });

describe('readFlatXml', () => {
  it('reads what it accepts exactly as the general path does, and accepts nothing the general path refuses', () => {
    let accepted = 0;
    fc.assert(
      fc.property(document, fc.constantFrom(...ROOTS), (text, rootName) => {
        const flat = readFlatXml(text, rootName, LIST_ELEMENTS);
        if (flat === undefined) return;
        accepted += 1;
        expect(flat).toEqual(general(text, rootName));
      }),
      { numRuns: 20_000 },
    );
    // The property says something only if the reader accepts a fair share of the documents.
    expect(accepted).toBeGreaterThan(100);
  });

  it('reads the answers a chat server sends', () => {
    const rooms =
      '<?xml version="1.0" encoding="UTF-8"?><rooms><room id="1" name="Lobby &amp; bar" max="50" count="3"/>' +
      '<room id="2" name="" count="0"/></rooms>';
    expect(readFlatXml(rooms, 'rooms', LIST_ELEMENTS)).toEqual({
      room: [
        { id: '1', name: 'Lobby &amp; bar', max: '50', count: '3' },
        { id: '2', name: '', count: '0' },
      ],
    });
    expect(readFlatXml('<online cn="3" ln="2" rn="1"/>', 'online', LIST_ELEMENTS)).toEqual({
      cn: '3',
      ln: '2',
      rn: '1',
    });
    expect(readFlatXml('<users></users>', 'users', LIST_ELEMENTS)).toEqual({});
  });

  it('leaves what it is unsure of to the general path, which decides as before', () => {
    for (const text of [
      '<rooms><room id="1" name="&bogus;"/></rooms>',
      '<rooms><room id="1"/><!-- note --></rooms>',
      "<rooms><room id='1'/></rooms>",
      '<rooms><room id="1" id="2"/></rooms>',
      '<rooms><room/></rooms>',
      '<rooms><room id="1"></room></rooms>',
      '<?xml version="1.0"?><!DOCTYPE rooms><rooms/>',
    ])
      expect(readFlatXml(text, 'rooms', LIST_ELEMENTS)).toBeUndefined();
    const bogus = readXmlRoot('<rooms><room id="1" name="&bogus;"/></rooms>', 'rooms');
    expect(bogus).toEqual({ ok: true, content: { room: [{ id: '1', name: '&bogus;' }] } });
  });
});
