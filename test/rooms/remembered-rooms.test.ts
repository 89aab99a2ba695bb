import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRememberedRooms } from '../../src/rooms/remembered-rooms.ts';
import { useTempFolders } from '../status/temp-folder.ts';

const makeFolder = useTempFolders();

describe('remembered rooms', () => {
  it('read a missing file as no rooms, without a warning (nothing was created yet)', async () => {
    const remembered = createRememberedRooms(join(await makeFolder(), 'rooms.json'));
    expect(await remembered.current()).toEqual({ names: new Map() });
  });

  it('create the folder and write the file in id order', async () => {
    const path = join(await makeFolder(), 'a', 'b', 'rooms.json');
    const remembered = createRememberedRooms(path);
    await remembered.remember(30, 'Thirty');
    await remembered.remember(4, '  Four  ');
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      version: 1,
      rooms: [
        { id: 4, name: 'Four' },
        { id: 30, name: 'Thirty' },
      ],
    });
  });

  it('end with every change after many concurrent ones, leaving no temp files', async () => {
    const folder = await makeFolder();
    const path = join(folder, 'rooms.json');
    const remembered = createRememberedRooms(path);
    const ids = Array.from({ length: 50 }, (_, index) => index + 1);
    const results = await Promise.all(ids.map((id) => remembered.remember(id, `Room ${id}`)));
    expect(results.every((result) => result.ok)).toBe(true);
    await Promise.all(ids.filter((id) => id % 2 === 0).map((id) => remembered.forget(id)));

    const onDisk = JSON.parse(await readFile(path, 'utf8'));
    expect(onDisk.rooms.map((room: { id: number }) => room.id)).toEqual(ids.filter((id) => id % 2 === 1));
    expect(await readdir(folder)).toEqual(['rooms.json']);
    const afterRestart = await createRememberedRooms(path).current();
    expect(afterRestart.names.get(49)).toBe('Room 49');
    expect(afterRestart.names.size).toBe(25);
  });

  it('report a file that cannot be saved, and still know the name until restart', async () => {
    const folder = await makeFolder();
    // A file where the folder should be: the folder cannot be created.
    await writeFile(join(folder, 'state'), 'not a folder');
    const path = join(folder, 'state', 'rooms.json');
    const remembered = createRememberedRooms(path);
    const result = await remembered.remember(12, 'Q&A');
    if (result.ok) throw new Error('expected the save to fail');
    // mkdir answers EEXIST or ENOTDIR depending on the platform.
    expect(result.message).toMatch(
      /^The room names could not be saved to .+ \(the file system answered E[A-Z]+\); they are known until the bot restarts\.$/,
    );
    expect(result.message).toContain(path);
    expect((await remembered.current()).names.get(12)).toBe('Q&A');
  });

  it('warn about a path that cannot be read as a file', async () => {
    const path = join(await makeFolder(), 'rooms.json');
    await mkdir(path);
    const { names, warning } = await createRememberedRooms(path).current();
    expect(names.size).toBe(0);
    expect(warning).toContain('cannot be read (it is a folder, not a file)');
  });

  it('refuse ids that are not room ids and empty names', async () => {
    const remembered = createRememberedRooms(join(await makeFolder(), 'rooms.json'));
    await expect(remembered.remember(-1, 'Minus')).rejects.toThrow(RangeError);
    await expect(remembered.remember(1.5, 'Half')).rejects.toThrow(RangeError);
    await expect(remembered.remember(2, '   ')).rejects.toThrow(RangeError);
    await expect(remembered.forget(Number.NaN)).rejects.toThrow(RangeError);
  });
});
