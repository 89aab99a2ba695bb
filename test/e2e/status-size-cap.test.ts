import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupStatusFolder } from '../../src/status/index.ts';
import { ADMIN_CONFIG, type Stack, startStack } from './harness.ts';

/** Status files grown past the cap, read through the whole product: the console shows why. */
let stack: Stack;
let statusFolder: string;
beforeAll(async () => {
  stack = await startStack(ADMIN_CONFIG, [
    { id: 1, name: 'Lobby', max: 100 },
    { id: 2, name: 'Music', max: 50 },
  ]);
  stack.emulator.state.join('default', 2, 'alice');
  await stack.emulator.statusFilesWritten();
  statusFolder = groupStatusFolder(join(stack.folder, 'data'), 'default');
});
afterAll(async () => stack?.close());

/** Extends a status file the emulator wrote to `size` bytes with a hole: no disk, no memory. */
async function grow(fileName: string, size: number): Promise<string> {
  const path = join(statusFolder, fileName);
  await writeFile(path, 'alice\n');
  await truncate(path, size);
  return path;
}

describe('a status file over 16 MB', () => {
  it('/chat who says the room file is unreadable, and why', async () => {
    const path = await grow('room_2.txt', 20 * 1024 * 1024);
    const out = await stack.console(['/chat who Music']);
    expect(out).toContain('Status file unreadable for Music (2)');
    expect(out).toContain(
      `${path} could not be read: it is 20 MB, more than the 16 MB a status file may have.`,
    );
  });

  it('/chat status says online.txt is unreadable, and why', async () => {
    const path = await grow('online.txt', 17 * 1024 * 1024);
    const out = await stack.console(['/chat status']);
    expect(out).toContain(
      `${path} could not be read: it is 17 MB, more than the 16 MB a status file may have.`,
    );
  });
});
