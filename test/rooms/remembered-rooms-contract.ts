import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importRememberedFile, type RememberedRooms, storedRememberedRooms } from '../../src/rooms/index.ts';
import type { StateStore } from '../../src/state/index.ts';

/**
 * The remembered room names in the state store, whichever database is behind it: the same cases
 * run against SQLite and PostgreSQL. `openPair` gives two stores on one fresh, migrated database,
 * as two instances have them.
 */
export interface RememberedRoomsSubject {
  openPair(): Promise<readonly [StateStore, StateStore]>;
}

const T0 = Date.parse('2030-01-01T12:00:00Z');

export function rememberedRoomsContract(name: string, subject: RememberedRoomsSubject): void {
  const folders: string[] = [];
  const stores: StateStore[] = [];
  afterAll(async () => {
    await Promise.allSettled(stores.map((store) => store.close()));
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  });

  const pair = async () => {
    const opened = await subject.openPair();
    stores.push(...opened);
    return opened;
  };
  const errors: unknown[] = [];
  const remembered = (store: StateStore, group = 'default'): RememberedRooms =>
    storedRememberedRooms({ records: store.rooms, group, onError: (error) => errors.push(error) });
  /** A state folder as the release before kept it: `rooms.json` with these rooms. */
  const oldStateFolder = async (content: string | Array<{ id: number; name: string }>) => {
    const folder = await mkdtemp(join(tmpdir(), 'flashchat-rooms-import-'));
    folders.push(folder);
    const path = join(folder, 'rooms.json');
    await writeFile(
      path,
      typeof content === 'string' ? content : JSON.stringify({ version: 1, rooms: content }),
    );
    return path;
  };
  const importFile = (store: StateStore, path: string, group = 'default') =>
    importRememberedFile({ path, records: store.rooms, group, now: T0 });

  describe(`${name}: remembered rooms`, () => {
    it('a fresh store remembers no room, and says nothing about it', async () => {
      const [a] = await pair();
      expect(await remembered(a).current()).toEqual({ names: new Map() });
    });

    it('a name kept through one instance is seen through the other at once: kept, renamed, forgotten', async () => {
      const [a, b] = await pair();
      const [onA, onB] = [remembered(a), remembered(b)];
      expect(await onA.remember(12, 'Q&A')).toEqual({ ok: true });
      expect(await onA.remember(4, '  Four  ')).toEqual({ ok: true });
      expect(await onB.current()).toEqual({
        names: new Map([
          [4, 'Four'],
          [12, 'Q&A'],
        ]),
      });
      expect(await onB.remember(12, 'Quiz')).toEqual({ ok: true });
      expect((await onA.current()).names.get(12)).toBe('Quiz');
      expect(await onA.forget(12)).toEqual({ ok: true });
      expect(await onA.forget(77)).toEqual({ ok: true });
      expect([...(await onB.current()).names]).toEqual([[4, 'Four']]);
    });

    it('keeps the groups of two chat servers apart', async () => {
      const [a, b] = await pair();
      await remembered(a, 'default').remember(3, 'Lobby');
      await remembered(b, 'east').remember(3, 'East Lobby');
      expect((await remembered(b, 'default').current()).names.get(3)).toBe('Lobby');
      expect((await remembered(a, 'east').current()).names.get(3)).toBe('East Lobby');
      await remembered(a, 'east').forget(3);
      expect((await remembered(b, 'default').current()).names.get(3)).toBe('Lobby');
    });

    it('ends with every change after many concurrent ones from both instances', async () => {
      const [a, b] = await pair();
      const ids = Array.from({ length: 50 }, (_, index) => index + 1);
      const results = await Promise.all(
        ids.map((id) => remembered(id % 2 === 0 ? a : b).remember(id, `Room ${id}`)),
      );
      expect(results.every((result) => result.ok)).toBe(true);
      await Promise.all(
        ids.filter((id) => id % 2 === 0).map((id) => remembered(id % 4 === 0 ? a : b).forget(id)),
      );
      const names = (await remembered(a).current()).names;
      expect([...names.keys()]).toEqual(ids.filter((id) => id % 2 === 1));
      expect(names.get(49)).toBe('Room 49');
    });

    it('refuses ids that are not room ids and empty names, keeping nothing', async () => {
      const [a] = await pair();
      const rooms = remembered(a);
      await expect(rooms.remember(-1, 'Minus')).rejects.toThrow(RangeError);
      await expect(rooms.remember(1.5, 'Half')).rejects.toThrow(RangeError);
      await expect(rooms.remember(2, '   ')).rejects.toThrow(RangeError);
      await expect(rooms.forget(Number.NaN)).rejects.toThrow(RangeError);
      expect((await rooms.current()).names.size).toBe(0);
    });

    it('a store that fails: the names are missing with a warning, a change is reported unsaved, the log has why', async () => {
      const [a] = await pair();
      const rooms = remembered(a);
      await rooms.remember(12, 'Q&A');
      await a.close();
      errors.length = 0;
      expect(await rooms.current()).toEqual({
        names: new Map(),
        warning:
          "The names of the rooms the bot created cannot be read from the state store (see the bot's log); those rooms are listed without them.",
      });
      expect(await rooms.remember(13, 'New')).toEqual({
        ok: false,
        message: "The name of room 13 could not be saved in the state store (see the bot's log).",
      });
      expect(await rooms.forget(12)).toEqual({
        ok: false,
        message: "The name of room 12 could not be removed from the state store (see the bot's log).",
      });
      expect(errors).toHaveLength(3);
      expect(errors.every((error) => error instanceof Error)).toBe(true);
    });
  });

  describe(`${name}: the upgrade import of rooms.json`, () => {
    it('imports the file once, and never again, even after every name was forgotten', async () => {
      const [a, b] = await pair();
      const path = await oldStateFolder([
        { id: 12, name: 'Q&A' },
        { id: 14, name: 'Office Hours' },
      ]);
      expect(await importFile(a, path)).toBe(
        `rooms: imported 2 remembered room names of group default from ${path} into the state store, once; the file is no longer read or written`,
      );
      // The other instance sees them at once.
      expect(await remembered(b).current()).toEqual({
        names: new Map([
          [12, 'Q&A'],
          [14, 'Office Hours'],
        ]),
      });
      // A restart (of either instance) finds the file still there, and imports nothing.
      expect(await importFile(b, path)).toBeUndefined();
      await remembered(a).forget(12);
      await remembered(a).forget(14);
      expect(await importFile(a, path)).toBeUndefined();
      expect((await remembered(b).current()).names.size).toBe(0);
      // Another group's file is its own import.
      expect(await importFile(a, path, 'east')).toMatch(
        /^rooms: imported 2 remembered room names of group east/,
      );
    });

    it('leaves the file out when the store already has names for the group (another instance kept them)', async () => {
      const [a, b] = await pair();
      await remembered(b).remember(20, 'Made on B');
      const path = await oldStateFolder([{ id: 12, name: 'Q&A' }]);
      expect(await importFile(a, path)).toBe(
        `rooms: ${path} was not imported: the state store already has remembered room names for group default (another instance's); the file is no longer read`,
      );
      expect([...(await remembered(a).current()).names]).toEqual([[20, 'Made on B']]);
      // Said once: the next start is silent, even once the store has no names left.
      await remembered(a).forget(20);
      expect(await importFile(a, path)).toBeUndefined();
      expect((await remembered(a).current()).names.size).toBe(0);
    });

    it('two instances starting together on old folders: one imports its file, whole; the other nothing', async () => {
      const [a, b] = await pair();
      const fromA = await oldStateFolder([
        { id: 1, name: 'A one' },
        { id: 2, name: 'A two' },
      ]);
      const fromB = await oldStateFolder([{ id: 3, name: 'B three' }]);
      const lines = await Promise.all([importFile(a, fromA), importFile(b, fromB)]);
      const imported = lines.filter((line) => line?.startsWith('rooms: imported'));
      expect(imported).toHaveLength(1);
      expect(lines.filter((line) => line === undefined)).toHaveLength(1);
      const names = [...(await remembered(a).current()).names.values()];
      expect(names).toEqual(imported[0]?.includes(fromA) ? ['A one', 'A two'] : ['B three']);
    });

    it('a file that cannot be read is said so in one line, not imported, and imported once mended', async () => {
      const [a] = await pair();
      const path = await oldStateFolder('{"version":1,"rooms":[{"id":12,');
      expect(await importFile(a, path)).toBe(
        `rooms: ${path} cannot be read (it is not JSON), so its room names were not imported into the state store; mend or remove it and restart`,
      );
      expect((await remembered(a).current()).names.size).toBe(0);

      await writeFile(path, JSON.stringify({ version: 1, rooms: [{ id: -1, name: '' }] }));
      const wrongShape = await importFile(a, path);
      expect(wrongShape).toMatch(
        /cannot be read \(unexpected content: .*rooms\[0\]\.id.*\), so its room names/,
      );
      expect(wrongShape).not.toContain('\n');

      await writeFile(path, JSON.stringify({ version: 1, rooms: [{ id: 12, name: 'Q&A' }] }));
      expect(await importFile(a, path)).toMatch(/^rooms: imported 1 remembered room name of group default/);
      expect((await remembered(a).current()).names.get(12)).toBe('Q&A');
    });

    it('no file (a new installation, or no room ever created): nothing imported, nothing said', async () => {
      const [a] = await pair();
      const folder = await mkdtemp(join(tmpdir(), 'flashchat-rooms-import-'));
      folders.push(folder);
      expect(await importFile(a, join(folder, 'rooms.json'))).toBeUndefined();
      // A folder where the file would be is a file that cannot be read.
      await mkdir(join(folder, 'rooms.json'));
      expect(await importFile(a, join(folder, 'rooms.json'))).toContain(
        'cannot be read (it is a folder, not a file)',
      );
      // Nothing was marked: a real file later is still imported.
      await rm(join(folder, 'rooms.json'), { recursive: true });
      await writeFile(
        join(folder, 'rooms.json'),
        JSON.stringify({ version: 1, rooms: [{ id: 5, name: 'Five' }] }),
      );
      expect(await importFile(a, join(folder, 'rooms.json'))).toMatch(/^rooms: imported 1 /);
    });
  });
}
