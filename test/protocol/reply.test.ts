import { describe, expect, it } from 'vitest';
import { parseReply, parseReplyDocument, ReplyParseError } from '../../src/protocol/reply.ts';

describe('parseReply', () => {
  it('reads result from the root element whatever it is called, and keeps the raw text', () => {
    const reply = parseReply(
      '<?xml version="1.0" encoding="UTF-8"?><Whatever result="17" message="room &quot;x&quot; added"/>\0',
    );
    expect(reply).toEqual({
      root: 'Whatever',
      result: '17',
      attributes: { result: '17', message: 'room "x" added' },
      raw: '<?xml version="1.0" encoding="UTF-8"?><Whatever result="17" message="room &quot;x&quot; added"/>',
    });
  });

  it('accepts a root with children and surrounding white space', () => {
    expect(parseReply('\n <values result="0"><value a="1"/></values>\r\n').result).toBe('0');
  });

  it.each([
    ['', 'empty'],
    ['\0', 'empty'],
    ['not xml at all', 'not well-formed'],
    ['<Response result="0" message="cut', 'not well-formed'],
    ['<Response message="no result"/>', 'no result attribute'],
    ['<Response result="1" result="2"/>', 'not well-formed'],
    ['<Response result="&unknown;"/>', 'not one XML predefines'],
  ])('refuses %j', (text, reason) => {
    expect(() => parseReply(text)).toThrow(ReplyParseError);
    expect(() => parseReply(text)).toThrow(reason);
  });

  it('a reply whose names the parser refuses is an unreadable reply, not an internal error', () => {
    const documents = [
      '<constructor result="0"/>',
      '<Response __proto__="x" result="0"/>',
      '<__proto__ result="1"/>',
    ];
    for (const [parse, reply] of documents.flatMap((doc) =>
      [parseReply, parseReplyDocument].map((fn) => [fn, doc] as const),
    )) {
      try {
        const parsed = parse(reply);
        expect(parsed.result).toMatch(/^[01]$/);
      } catch (error) {
        expect(error).toBeInstanceOf(ReplyParseError);
      }
    }
  });

  it('never expands entities a reply declares (billion laughs)', () => {
    const lol = [
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level || ''};`.repeat(10)}">`,
      ),
      ']><Response result="&lol9;"/>',
    ].join('');
    expect(() => parseReply(lol)).toThrow('DOCTYPE');
    expect(() => parseReply('<!doctype r><r result="1"/>')).toThrow('DOCTYPE');
  });
});
