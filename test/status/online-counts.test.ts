import { writeFileSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupStatusFolder, parseOnlineCounts, readOnlineCounts } from '../../src/status/index.ts';
import { useTempFolders } from './temp-folder.ts';

const makeFolder = useTempFolders();

async function folderWithOnline(content: string): Promise<string> {
  const dir = await makeFolder();
  await writeFile(join(dir, 'online.txt'), content);
  return dir;
}

describe('readOnlineCounts', () => {
  it('reads connections, logged-in users and rooms, with the file time and age', async () => {
    const dir = await folderWithOnline('230|199|10');
    const writtenAt = Date.UTC(2026, 10, 28, 18, 0, 0);
    await utimes(join(dir, 'online.txt'), writtenAt / 1000, writtenAt / 1000);
    const result = await readOnlineCounts(dir, { now: () => writtenAt + 5_000 });
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.counts).toEqual({ connections: 230, loggedIn: 199, rooms: 10 });
    expect(result.modifiedAt).toEqual(new Date(writtenAt));
    expect(result.ageMs).toBe(5_000);
  });

  it('accepts a BOM and a trailing CRLF', async () => {
    const dir = await folderWithOnline('\uFEFF0|0|0\r\n');
    const result = await readOnlineCounts(dir);
    expect(result.status === 'ok' && result.counts).toEqual({ connections: 0, loggedIn: 0, rooms: 0 });
  });

  it('re-reads a half-written file and returns the completed state', async () => {
    const dir = await folderWithOnline('230|1');
    // The reader asks its clock once per read it judges: the writer completes the file right
    // after the first read, a point in the reader's steps rather than a moment hoped for.
    let reads = 0;
    const result = await readOnlineCounts(dir, {
      retryDelayMs: 1,
      now: () => {
        reads += 1;
        if (reads === 1) writeFileSync(join(dir, 'online.txt'), '230|199|10');
        return Date.now();
      },
    });
    expect(result.status === 'ok' && result.counts).toEqual({ connections: 230, loggedIn: 199, rooms: 10 });
    expect(reads).toBe(2);
  });

  it('gives a typed unreadable result, quoting the content, when the file stays bad', async () => {
    const dir = await folderWithOnline('230|1');
    const result = await readOnlineCounts(dir, { retryDelayMs: 5 });
    expect(result).toEqual({
      status: 'unreadable',
      path: join(dir, 'online.txt'),
      reason: `online.txt does not hold three whole numbers separated by '|' (it holds "230|1")`,
    });
  });

  it('refuses negative, fractional, extra and oversized numbers', () => {
    for (const text of [
      '-1|2|3',
      '1.5|2|3',
      '1|2|3|4',
      '1|2|',
      'a|b|c',
      '1 | 2 | 3',
      '99999999999999999999|1|1',
      '',
    ]) {
      expect(parseOnlineCounts(text).ok, text).toBe(false);
    }
    expect(parseOnlineCounts(' 12|3|4\n')).toEqual({
      ok: true,
      value: { connections: 12, loggedIn: 3, rooms: 4 },
    });
  });

  it('tells a missing group folder from a missing file', async () => {
    const dataDir = await makeFolder();
    const dir = groupStatusFolder(dataDir, 'default');
    expect(await readOnlineCounts(dir)).toEqual({ status: 'no-folder', folder: dir, reason: 'missing' });
    expect(await readOnlineCounts(dataDir)).toEqual({ status: 'absent', path: join(dataDir, 'online.txt') });
  });

  it('reports a folder where a file should be as unreadable, not as an exception', async () => {
    const dir = await makeFolder();
    await mkdir(join(dir, 'online.txt'));
    const result = await readOnlineCounts(dir, { retryDelayMs: 1 });
    expect(result).toMatchObject({ status: 'unreadable', reason: 'it is a folder, not a file' });
  });
});

describe('groupStatusFolder', () => {
  it('joins the data folder and the group, refusing names that leave it', () => {
    expect(groupStatusFolder('/srv/fc/server/data', 'default')).toBe(join('/srv/fc/server/data', 'default'));
    for (const group of ['', '.', '..', 'a/b', 'a\\b'])
      expect(() => groupStatusFolder('/data', group)).toThrow(RangeError);
  });
});
