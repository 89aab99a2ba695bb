import { escapeMarkdown } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { literal } from '../../../adapters/discord/discord-text.ts';

// literal() skips escapeMarkdown for text holding none of the characters it acts on (a roster of
// 10,000 plain names took 24 ms to lay out). The shortcut must never change a result: checked here
// against escapeMarkdown itself, on text made of every character any of its escapes looks at.

const OPTIONS = { heading: true, bulletedList: true, numberedList: true, maskedLink: true };
const piece = fc.constantFrom(
  ...'\\`*_~|#[]()-+.:/<>! \n\r\t'.split(''),
  ...'0123456789',
  'a',
  'Z',
  'é',
  '😀',
  'http://',
  'https://x.y/',
  '<a:x:1>',
  '<:x:12>',
  '```',
  '**',
  '__',
  '~~',
  '||',
  '# ',
  '- ',
  '1. ',
  '[a](b)',
);
const text = fc.array(piece, { maxLength: 24 }).map((pieces) => pieces.join(''));

describe('literal', () => {
  it('is escapeMarkdown with the adapter’s options, for any text', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(literal(value)).toBe(escapeMarkdown(value, OPTIONS));
      }),
      { numRuns: 20_000 },
    );
  });

  it('returns plain names as they are, and still escapes a numbered list item', () => {
    expect(literal('user123')).toBe('user123');
    expect(literal('Émile 2.0')).toBe('Émile 2.0');
    expect(literal('12. place')).toBe('12\\. place');
    expect(literal('a\n 3. b')).toBe('a\n 3\\. b');
  });
});
