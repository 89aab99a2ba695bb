import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../../adapters/console/render-text.ts';
import { showControls } from '../../../adapters/console/show-controls.ts';
import type { Reply } from '../../../src/replies/reply.ts';
import { actingCharacters } from '../../helpers/inert-payloads.ts';

describe('control characters from the chat, on the console', () => {
  it('are shown as their codes: ESC, CR, BEL, NUL, DEL, a C1 CSI, a bidi override', () => {
    expect(showControls('a\u001b[2Jb\rc\u0007d\u0000e\u007ff\u009bg\u202eh\ti\nj')).toBe(
      'a\\x1b[2Jb\\x0dc\\x07d\\x00e\\x7ff\\x9bg\\u202eh\\x09i\\x0aj',
    );
    expect(showControls('one\ntwo\r\n', { keepNewlines: true })).toBe('one\ntwo\\x0d\n');
    expect(showControls('Émile 😀 plain')).toBe('Émile 😀 plain');
  });

  it('in every part of a reply: the only line breaks left are the renderer’s and the text’s', () => {
    const evil = 'x\u001b]0;owned\u0007\rfake\u001b[31m';
    const reply: Reply = {
      title: `Who is in ${evil}`,
      text: `first ${evil}\nsecond`,
      fields: [{ label: `L${evil}`, value: `v\n✔ Broadcast sent ${evil}` }],
      list: { heading: `Users in ${evil}`, items: [evil, 'bob'], pageSize: 50 },
      severity: 'info',
      visibility: 'private',
    };
    const out = renderText(reply);
    expect(actingCharacters(out)).toEqual([]);
    expect(out.split('\n')).toEqual([
      'Who is in x\\x1b]0;owned\\x07\\x0dfake\\x1b[31m',
      '  first x\\x1b]0;owned\\x07\\x0dfake\\x1b[31m',
      '  second',
      '  Lx\\x1b]0;owned\\x07\\x0dfake\\x1b[31m  v\\x0a✔ Broadcast sent x\\x1b]0;owned\\x07\\x0dfake\\x1b[31m',
      '  Users in x\\x1b]0;owned\\x07\\x0dfake\\x1b[31m:',
      '    x\\x1b]0;owned\\x07\\x0dfake\\x1b[31m',
      '    bob',
    ]);
  });

  it('any text: nothing acting is left, and text without controls is unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const shown = showControls(text);
        expect(actingCharacters(shown)).toEqual([]);
        expect(shown).not.toContain('\n');
        if (actingCharacters(text).length === 0 && !text.includes('\n')) expect(shown).toBe(text);
        // Idempotent: printing what was shown shows it the same.
        expect(showControls(shown)).toBe(shown);
      }),
    );
  });
});
