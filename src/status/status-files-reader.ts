/**
 * The status files of one group as last read: the rosters per room, online.txt, and the newest
 * modification time seen. Kept up to date file by file as the watch reports changes; a read
 * that meets a file mid-rewrite (unreadable) keeps the previous value.
 */

import { join } from 'node:path';
import { type FilesView, filesView } from './files-view.ts';
import { type LayeredMap, layeredMap } from './layered-map.ts';
import { readOnlineCounts } from './online-counts.ts';
import type { StatusReadOptions } from './read-outcomes.ts';
import { listRoomFiles } from './room-files.ts';
import { type RoomRosterResult, readRoomRoster } from './room-roster.ts';
import { ONLINE_FILE_NAME, roomFileName, roomIdFromFileName } from './status-file-names.ts';
import type { OnlineReading } from './status-snapshot.ts';

type RoomRead = readonly string[] | 'missing-folder' | undefined;

export class StatusFilesReader {
  readonly #folder: string;
  readonly #readOptions: StatusReadOptions | undefined;
  /** Rooms with at least one user. */
  readonly #rosters = new Map<number, readonly string[]>();
  readonly #unreadable = new Map<string, string>();
  /** False until the folder has been listed, and while it is missing. */
  #roomsKnown = false;
  #online: OnlineReading | undefined;
  #newestWriteAt: number | undefined;
  /** The view as last built; dropped whenever a read changes anything. */
  #view: FilesView | undefined;
  /** The rosters of the last view, and what changed in #rosters since (`all`: build them afresh). */
  #viewRosters: LayeredMap<number, readonly string[]> | undefined;
  #changedRosters: Map<number, readonly string[] | undefined> | 'all' = 'all';

  constructor(folder: string, readOptions?: StatusReadOptions) {
    this.#folder = folder;
    this.#readOptions = readOptions;
  }

  /** What has been read so far, immutable: the rooms that changed are all a new view copies. */
  view(): FilesView {
    if (this.#view !== undefined) return this.#view;
    this.#view = filesView({
      rosters: this.#roomsKnown ? this.#nextRosters() : undefined,
      online: this.#online,
      newestWriteAt: this.#newestWriteAt,
      unreadable: new Map(this.#unreadable),
    });
    return this.#view;
  }

  #nextRosters(): LayeredMap<number, readonly string[]> {
    const changed = this.#changedRosters;
    this.#changedRosters = new Map();
    this.#viewRosters =
      changed === 'all' || this.#viewRosters === undefined
        ? layeredMap(this.#rosters)
        : this.#viewRosters.with(changed);
    return this.#viewRosters;
  }

  /** Reads online.txt and every room file there is. */
  async readAll(): Promise<void> {
    try {
      await this.#readAll();
    } finally {
      this.#view = undefined;
    }
  }

  async #readAll(): Promise<void> {
    const [listing] = await Promise.all([listRoomFiles(this.#folder), this.#readOnline()]);
    if (listing.status === 'no-folder') return this.#folderMissing();
    if (listing.status === 'unreadable') return this.#sawUnreadable(listing.path, listing.reason);
    this.#unreadable.delete(this.#folder);
    const rosters = await Promise.all(listing.roomIds.map((id) => this.#readRoom(id)));
    if (rosters.includes('missing-folder')) return this.#folderMissing();
    // Rooms whose files vanished since the last listing are empty now.
    const listed = new Set(listing.roomIds);
    for (const id of [...this.#rosters.keys()]) if (!listed.has(id)) this.#apply(id, []);
    for (const [index, id] of listing.roomIds.entries()) this.#apply(id, rosters[index]);
    this.#roomsKnown = true;
  }

  /** Reads the named status files (`online.txt`, `room_<id>.txt`) again. */
  async read(fileNames: Iterable<string>): Promise<void> {
    // After the folder was missing nobody knows which files changed: read them all.
    if (!this.#roomsKnown) return this.readAll();
    try {
      await this.#readNamed([...fileNames]);
    } finally {
      this.#view = undefined;
    }
  }

  async #readNamed(names: readonly string[]): Promise<void> {
    const roomIds = names.flatMap((name) => {
      const id = roomIdFromFileName(name);
      return id === undefined ? [] : [id];
    });
    const [rosters] = await Promise.all([
      Promise.all(roomIds.map((id) => this.#readRoom(id))),
      names.includes(ONLINE_FILE_NAME) ? this.#readOnline() : undefined,
    ]);
    for (const [index, id] of roomIds.entries()) this.#apply(id, rosters[index]);
  }

  /** Reads online.txt only: the periodic check of the files' age. */
  async readOnline(): Promise<void> {
    try {
      await this.#readOnline();
    } finally {
      this.#view = undefined;
    }
  }

  async #readOnline(): Promise<void> {
    const result = await readOnlineCounts(this.#folder, this.#readOptions);
    switch (result.status) {
      case 'ok':
        this.#online = { status: 'ok', counts: result.counts };
        this.#sawWrite(result.modifiedAt);
        this.#unreadable.delete(join(this.#folder, ONLINE_FILE_NAME));
        return;
      case 'absent':
        this.#online = {
          status: 'missing',
          reason: `there is no online.txt in ${this.#folder} (the group has not run since the folder was made)`,
        };
        this.#unreadable.delete(result.path);
        return;
      case 'no-folder':
        this.#online = { status: 'missing', reason: `the status folder ${this.#folder} does not exist` };
        this.#unreadable.delete(join(this.#folder, ONLINE_FILE_NAME));
        return;
      case 'unreadable':
        this.#sawUnreadable(result.path, result.reason);
        return;
    }
  }

  /** The names in a room; empty when its file is gone; `missing-folder`; undefined when unreadable. */
  async #readRoom(roomId: number): Promise<RoomRead> {
    const roster: RoomRosterResult = await readRoomRoster(this.#folder, roomId, this.#readOptions);
    switch (roster.status) {
      case 'ok':
        this.#sawWrite(roster.modifiedAt);
        this.#unreadable.delete(this.#roomPath(roomId));
        return roster.userNames;
      case 'absent':
        this.#unreadable.delete(this.#roomPath(roomId));
        return roster.userNames;
      case 'no-folder':
        return 'missing-folder';
      case 'unreadable':
        this.#sawUnreadable(roster.path, roster.reason);
        return undefined;
    }
  }

  #apply(roomId: number, roster: RoomRead): void {
    if (roster === 'missing-folder') {
      this.#folderMissing();
      return;
    }
    if (roster === undefined) return;
    // A file read again unchanged (the tick reads every file) keeps its roster: no change to pass on.
    if (sameNames(this.#rosters.get(roomId) ?? [], roster)) return;
    if (roster.length === 0) this.#rosters.delete(roomId);
    else this.#rosters.set(roomId, roster);
    if (this.#changedRosters !== 'all')
      this.#changedRosters.set(roomId, roster.length === 0 ? undefined : roster);
  }

  #folderMissing(): void {
    this.#rosters.clear();
    this.#unreadable.clear();
    this.#roomsKnown = false;
    this.#changedRosters = 'all';
  }

  #sawUnreadable(path: string, reason: string): void {
    this.#unreadable.set(path, reason);
  }

  #sawWrite(modifiedAt: Date): void {
    const at = modifiedAt.getTime();
    if (this.#newestWriteAt === undefined || at > this.#newestWriteAt) this.#newestWriteAt = at;
  }

  #roomPath(roomId: number): string {
    return join(this.#folder, roomFileName(roomId));
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}
