import { symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOnlineCounts, readRoomRoster } from '../../src/status/index.ts';
import { MAX_STATUS_FILE_BYTES } from '../../src/status/read-outcomes.ts';
import { useTempFolders } from './temp-folder.ts';

const makeFolder = useTempFolders();

/** A file of `size` bytes that takes no disk: truncate extends it with a hole. */
async function sparseFile(dir: string, name: string, size: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, 'alice\n');
  await truncate(path, size);
  return path;
}

describe('status files have a size cap', () => {
  it('a room file over 16 MB reads as unreadable, with the reason, and is not read', async () => {
    const dir = await makeFolder();
    const path = await sparseFile(dir, 'room_5.txt', 17 * 1024 * 1024);
    expect(await readRoomRoster(dir, 5, { retryDelayMs: 1 })).toEqual({
      status: 'unreadable',
      path,
      reason: 'it is 17 MB, more than the 16 MB a status file may have',
    });
  });

  it('online.txt over the cap too', async () => {
    const dir = await makeFolder();
    const path = await sparseFile(dir, 'online.txt', MAX_STATUS_FILE_BYTES + 1);
    const result = await readOnlineCounts(dir, { retryDelayMs: 1 });
    expect(result).toMatchObject({ status: 'unreadable', path });
    expect(result.status === 'unreadable' && result.reason).toMatch(/^it is 16\.0 MB, more than the 16 MB/);
  });

  it('the cap is inclusive: a file of exactly the cap is read, one byte more is not', async () => {
    const dir = await makeFolder();
    const names = 'alice\nbob\ncarol\n';
    await writeFile(join(dir, 'room_1.txt'), names);
    await writeFile(join(dir, 'room_2.txt'), `${names}d`);
    const options = { retryDelayMs: 1, maxBytes: names.length };
    expect(await readRoomRoster(dir, 1, options)).toMatchObject({
      status: 'ok',
      userNames: ['alice', 'bob', 'carol'],
    });
    expect(await readRoomRoster(dir, 2, options)).toMatchObject({
      status: 'unreadable',
      reason: `it is ${names.length + 1} bytes, more than the ${names.length} bytes a status file may have`,
    });
  });

  it('a file whose content does not end at its size (a link to /dev/zero) is read one byte past it, no more', async () => {
    // fstat says 0 bytes, reading never ends: an unbounded read would fill memory until it failed.
    const dir = await makeFolder();
    await symlink('/dev/zero', join(dir, 'room_6.txt'));
    expect(await readRoomRoster(dir, 6, { retryDelayMs: 1 })).toMatchObject({
      status: 'unreadable',
      reason: 'the file kept changing while it was read',
    });
  });
});
