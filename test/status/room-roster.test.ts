import { writeFileSync } from 'node:fs';
import { rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRoomFiles, readRoomRoster } from '../../src/status/index.ts';
import { useTempFolders } from './temp-folder.ts';

const makeFolder = useTempFolders();

async function rosterOf(content: string | Uint8Array): Promise<readonly string[]> {
  const dir = await makeFolder();
  await writeFile(join(dir, 'room_1.txt'), content);
  const roster = await readRoomRoster(dir, 1, { retryDelayMs: 1 });
  if (roster.status !== 'ok') throw new Error(`expected a roster, got ${roster.status}`);
  return roster.userNames;
}

describe('readRoomRoster', () => {
  it('reads LF, CRLF and lone CR line ends alike, even mixed in one file', async () => {
    expect(await rosterOf('alice\nbob\n')).toEqual(['alice', 'bob']);
    expect(await rosterOf('alice\r\nbob\r\n')).toEqual(['alice', 'bob']);
    expect(await rosterOf('alice\rbob\r')).toEqual(['alice', 'bob']);
    expect(await rosterOf('alice\r\nbob\rcarol\ndave')).toEqual(['alice', 'bob', 'carol', 'dave']);
  });

  it('strips a UTF-8 BOM, trims names and skips blank lines', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    const body = Buffer.from('alice\r\n\r\n   \r\n\t bob  \r\n\n', 'utf8');
    expect(await rosterOf(Buffer.concat([bom, body]))).toEqual(['alice', 'bob']);
  });

  it('keeps inner spaces and reads UTF-8 names: emoji, right-to-left, CJK', async () => {
    const names = ['Anna Maria', '🦊 fox', 'مرحبا', 'שלום', '张伟', 'Zoë'];
    expect(await rosterOf(`${names.join('\r\n')}\r\n`)).toEqual(names);
  });

  it('reports the file time and its age against the given clock', async () => {
    const dir = await makeFolder();
    const path = join(dir, 'room_7.txt');
    await writeFile(path, 'alice\n');
    const writtenAt = Date.UTC(2026, 10, 28, 18, 0, 0);
    await utimes(path, writtenAt / 1000, writtenAt / 1000);
    const roster = await readRoomRoster(dir, 7, { now: () => writtenAt + 60_000 });
    expect(roster.status).toBe('ok');
    if (roster.status !== 'ok') return;
    expect(roster.roomId).toBe(7);
    expect(roster.ageMs).toBe(60_000);
    expect(roster.modifiedAt).toEqual(new Date(writtenAt));
  });

  it('reads a 10,000-user room completely, in one read (how fast is the benchmark’s `who` figure)', async () => {
    const names = Array.from({ length: 10_000 }, (_, index) => `user-${index}-ユーザー`);
    const dir = await makeFolder();
    await writeFile(join(dir, 'room_3.txt'), `${names.join('\r\n')}\r\n`);
    let reads = 0;
    const roster = await readRoomRoster(dir, 3, {
      now: () => {
        reads += 1;
        return Date.now();
      },
    });
    expect(roster.status).toBe('ok');
    if (roster.status !== 'ok') return;
    expect(roster.userNames).toEqual(names);
    // The clock is asked once per read of the file judged: one read, no second look.
    expect(reads).toBe(1);
  });

  it('reads an empty file that has been quiet for a second as an empty roster, in one read', async () => {
    const dir = await makeFolder();
    const path = join(dir, 'room_2.txt');
    await writeFile(path, '');
    const { mtimeMs } = await stat(path);
    let reads = 0;
    const roster = await readRoomRoster(dir, 2, {
      now: () => {
        reads += 1;
        return mtimeMs + 1500;
      },
    });
    expect(roster).toMatchObject({ status: 'ok', roomId: 2, userNames: [] });
    expect(reads).toBe(1);
  });

  // The reader asks its clock once per read it judges, right after the read: that call is where
  // these tests act, so "between the two reads" is a point in the reader's steps, not a moment
  // the test hopes to hit with a sleep.
  it('reads a file emptied moments ago twice, and takes it as empty when it has not changed since', async () => {
    const dir = await makeFolder();
    const path = join(dir, 'room_2.txt');
    await writeFile(path, '');
    const { mtimeMs } = await stat(path);
    let reads = 0;
    const roster = await readRoomRoster(dir, 2, {
      retryDelayMs: 1,
      now: () => {
        reads += 1;
        return mtimeMs + 10;
      },
    });
    expect(roster.status === 'ok' && roster.userNames).toEqual([]);
    expect(reads).toBe(2);
  });

  it('takes the completed state when a file emptied moments ago is filled before the second read', async () => {
    const dir = await makeFolder();
    const path = join(dir, 'room_3.txt');
    await writeFile(path, '');
    const { mtimeMs } = await stat(path);
    let reads = 0;
    const roster = await readRoomRoster(dir, 3, {
      retryDelayMs: 1,
      now: () => {
        reads += 1;
        // The writer finishes right after the first read.
        if (reads === 1) writeFileSync(path, 'alice\nbob\n');
        return mtimeMs + 10;
      },
    });
    expect(roster.status === 'ok' && roster.userNames).toEqual(['alice', 'bob']);
    expect(reads).toBe(2);
  });

  it('re-reads a just-written file that ends on a 4 KiB write step and takes the completed state', async () => {
    const dir = await makeFolder();
    const path = join(dir, 'room_6.txt');
    const firstPage = `${'x'.repeat(4095)}\n`;
    await writeFile(path, firstPage);
    const { mtimeMs } = await stat(path);
    let reads = 0;
    const roster = await readRoomRoster(dir, 6, {
      retryDelayMs: 1,
      now: () => {
        reads += 1;
        if (reads === 1) writeFileSync(path, `${firstPage}alice\n`);
        return mtimeMs + 10;
      },
    });
    expect(roster.status === 'ok' && roster.userNames).toEqual(['x'.repeat(4095), 'alice']);
    expect(reads).toBe(2);
  });

  it('gives an empty roster marked absent for a room file that vanished after listing', async () => {
    const dir = await makeFolder();
    await writeFile(join(dir, 'room_4.txt'), 'alice\n');
    const listed = await listRoomFiles(dir);
    expect(listed).toEqual({ status: 'ok', roomIds: [4] });
    await rm(join(dir, 'room_4.txt'));
    expect(await readRoomRoster(dir, 4)).toEqual({ status: 'absent', roomId: 4, userNames: [] });
  });

  it('says the folder is missing rather than the room', async () => {
    const dir = join(await makeFolder(), 'no-such-group');
    expect(await readRoomRoster(dir, 1)).toEqual({ status: 'no-folder', folder: dir, reason: 'missing' });
  });

  it('says the folder is not a folder when a file stands in its place', async () => {
    const dir = await makeFolder();
    const file = join(dir, 'default');
    await writeFile(file, 'not a folder');
    expect(await readRoomRoster(file, 1)).toEqual({
      status: 'no-folder',
      folder: file,
      reason: 'not-a-folder',
    });
  });

  it('refuses a room id that is not a non-negative integer instead of building a path from it', async () => {
    const dir = await makeFolder();
    await expect(readRoomRoster(dir, -1)).rejects.toThrow(RangeError);
    await expect(readRoomRoster(dir, 1.5)).rejects.toThrow(RangeError);
    await expect(readRoomRoster(dir, Number.NaN)).rejects.toThrow(RangeError);
  });
});
