import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLinesBackwards } from '../../src/audit/read-last-lines.ts';
import { useTempFolders } from '../status/temp-folder.ts';

const makeFolder = useTempFolders();

async function collect(path: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readLinesBackwards(path)) lines.push(line);
  return lines;
}

describe('readLinesBackwards', () => {
  it('gives every line of any file, last first, byte for byte', async () => {
    const path = join(await makeFolder(), 'lines.txt');
    // Lengths around the 64 KiB chunk put line ends on and next to chunk edges.
    const line = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }).map((text) => text.replaceAll('\n', ' ')),
      fc
        .integer({ min: 65_530, max: 65_540 })
        .map((length) => 'é'.repeat(length / 2) + 'x'.repeat(length % 2)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), async (lines) => {
        const text = lines.join('\n');
        await writeFile(path, text);
        expect(await collect(path)).toEqual(text.split('\n').reverse());
      }),
      { numRuns: 80 },
    );
  });

  it('has no lines for a missing file', async () => {
    expect(await collect(join(await makeFolder(), 'missing.txt'))).toEqual([]);
  });

  it('skips a line longer than 4 MiB and goes on with the lines before it', async () => {
    const path = join(await makeFolder(), 'lines.txt');
    await writeFile(path, `first\n${'x'.repeat(5 * 1024 * 1024)}\nlast\n`);
    expect(await collect(path)).toEqual(['', 'last', 'first']);
  });
});
