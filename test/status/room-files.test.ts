import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStatusFileName, listRoomFiles, roomIdFromFileName } from '../../src/status/index.ts';
import { useTempFolders } from './temp-folder.ts';

const makeFolder = useTempFolders();

describe('listRoomFiles', () => {
  it('lists room ids in numeric order, ignoring temp files, other files and folders', async () => {
    const dir = await makeFolder();
    const files = [
      'room_10.txt',
      'room_2.txt',
      'room_1.txt',
      'room_0.txt',
      'online.txt',
      'room_3.txt.tmp',
      '.room_4.txt.swp',
      'room_5.txt~',
      'room_x.txt',
      'room_.txt',
      'room_007.txt',
      'room_6.TXT',
      'ROOM_8.txt',
      'room_-9.txt',
      'room_99999999999999999999.txt',
      'notes.md',
    ];
    await Promise.all(files.map((name) => writeFile(join(dir, name), 'x\n')));
    await mkdir(join(dir, 'room_11.txt'));
    expect(await listRoomFiles(dir)).toEqual({ status: 'ok', roomIds: [0, 1, 2, 10] });
  });

  it('lists nothing in an empty folder', async () => {
    expect(await listRoomFiles(await makeFolder())).toEqual({ status: 'ok', roomIds: [] });
  });

  it('says so when the folder is missing', async () => {
    const dir = join(await makeFolder(), 'gone');
    expect(await listRoomFiles(dir)).toEqual({ status: 'no-folder', folder: dir, reason: 'missing' });
  });
});

describe('status file names', () => {
  it('tells status files from temp files of atomic writers', () => {
    expect(isStatusFileName('online.txt')).toBe(true);
    expect(isStatusFileName('room_12.txt')).toBe(true);
    expect(isStatusFileName('online.txt.tmp')).toBe(false);
    expect(isStatusFileName('.online.txt.4711')).toBe(false);
    expect(isStatusFileName('room_12.txt.tmp')).toBe(false);
    expect(roomIdFromFileName('room_12.txt')).toBe(12);
    expect(roomIdFromFileName('room_012.txt')).toBeUndefined();
  });
});
