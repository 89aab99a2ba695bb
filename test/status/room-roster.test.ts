import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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
    await writeFile(join(dir, 'room_7.txt'), 'alice\n');
    const roster = await readRoomRoster(dir, 7, { now: () => Date.now() + 60_000 });
    expect(roster.status).toBe('ok');
    if (roster.status !== 'ok') return;
    expect(roster.roomId).toBe(7);
    expect(roster.ageMs).toBeGreaterThanOrEqual(60_000);
    expect(roster.ageMs).toBeLessThan(70_000);
    expect(Math.abs(roster.modifiedAt.getTime() - Date.now())).toBeLessThan(10_000);
  });

  it('reads a 10,000-user room completely and quickly', async () => {
    const names = Array.from({ length: 10_000 }, (_, index) => `user-${index}-ユーザー`);
    const dir = await makeFolder();
    await writeFile(join(dir, 'room_3.txt'), `${names.join('\r\n')}\r\n`);
    const started = performance.now();
    const roster = await readRoomRoster(dir, 3);
    const elapsedMs = performance.now() - started;
    expect(roster.status).toBe('ok');
    if (roster.status !== 'ok') return;
    expect(roster.userNames).toHaveLength(10_000);
    expect(roster.userNames[0]).toBe('user-0-ユーザー');
    expect(roster.userNames[9_999]).toBe('user-9999-ユーザー');
    // Generous: one read and one split take a few ms; a read per line would take far longer.
    expect(elapsedMs).toBeLessThan(500);
  });

  it('reads an empty file that has been quiet for a second as an empty roster', async () => {
    const dir = await makeFolder();
    await writeFile(join(dir, 'room_2.txt'), '');
    const roster = await readRoomRoster(dir, 2, { now: () => Date.now() + 1500 });
    expect(roster).toMatchObject({ status: 'ok', roomId: 2, userNames: [] });
  });

  it('reads a file emptied moments ago twice, and takes it as empty when it has not changed since', async () => {
    const dir = await makeFolder();
    await writeFile(join(dir, 'room_2.txt'), '');
    const started = performance.now();
    const roster = await readRoomRoster(dir, 2, { retryDelayMs: 1 });
    expect(roster.status === 'ok' && roster.userNames).toEqual([]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('takes the completed state when a file emptied moments ago is filled before the second read', async () => {
    const dir = await makeFolder();
    const path = join(dir, 'room_3.txt');
    await writeFile(path, '');
    const reading = readRoomRoster(dir, 3, { retryDelayMs: 1 });
    await sleep(20);
    await writeFile(path, 'alice\nbob\n');
    const roster = await reading;
    expect(roster.status === 'ok' && roster.userNames).toEqual(['alice', 'bob']);
  });

  it('re-reads a just-written file that ends on a 4 KiB write step and takes the completed state', async () => {
    const dir = await makeFolder();
    const path = join(dir, 'room_6.txt');
    const firstPage = `${'x'.repeat(4095)}\n`;
    await writeFile(path, firstPage);
    const reading = readRoomRoster(dir, 6, { retryDelayMs: 200 });
    await sleep(30);
    await writeFile(path, `${firstPage}alice\n`);
    const roster = await reading;
    expect(roster.status === 'ok' && roster.userNames).toEqual(['x'.repeat(4095), 'alice']);
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
