import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { literal } from '../../../adapters/discord/discord-text.ts';
import { chunkLines, cutText, fitText } from '../../../adapters/shared/fit-text.ts';
import { escapeSlackText } from '../../../adapters/slack/slack-text.ts';

describe('one truncation for every platform, measured as the platform gets the text', () => {
  it('fitText never cuts an escape in half and never exceeds the limit', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.integer({ min: 1, max: 120 }),
        (text, max) => {
          const fitted = fitText(text, max, escapeSlackText);
          expect(fitted.length).toBeLessThanOrEqual(max);
          expect(fitted.replace(/&(amp|lt|gt);/g, '')).not.toMatch(/[&<>]/);
        },
      ),
    );
  });

  it('chunkLines measures lines as escaped and leaves them for the text object to escape', () => {
    const chunks = chunkLines(['<'.repeat(11), '&'.repeat(4), 'ok'], 40, escapeSlackText);
    expect(chunks).toEqual([`${'<'.repeat(9)}…`, `${'&'.repeat(4)}\nok`]);
    for (const chunk of chunks) expect(escapeSlackText(chunk).length).toBeLessThanOrEqual(40);
  });
  it('keeps surrogate pairs whole; cut before Discord escapes it, never inside an escape', () => {
    expect(fitText('abcdef', 4)).toBe('abc…');
    expect(fitText('ab😀cd', 4)).toBe('ab…');
    expect(fitText('abc', 3)).toBe('abc');
    // `*` is two characters once escaped: `ab\*…` would be 5.
    expect(fitText('ab*cd', 4, literal)).toBe('ab…');
    expect(fitText('ab*cd', 5, literal)).toBe('ab\\*…');
  });

  it("an escape that depends on its neighbours (Discord's numbered list) is measured whole", () => {
    // "1." at a line's start is escaped as "1\." only together: counted character by character
    // the cut would be one too long.
    const cut = fitText('1.2345678', 5, literal);
    expect(cut.length).toBeLessThanOrEqual(5);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('cutText leaves the text unencoded, its encoding within the limit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 80 }), (text, max) => {
        const cut = cutText(text, max, literal);
        expect(literal(cut).length).toBeLessThanOrEqual(max);
        if (literal(text).length <= max) expect(cut).toBe(text);
        else expect(text.startsWith(cut.slice(0, -1))).toBe(true);
      }),
    );
  });
});
