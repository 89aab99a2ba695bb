/**
 * The status files of one group as last read: users per room, online.txt, and the newest
 * modification time seen. Kept up to date file by file as the watch reports changes; a read
 * that meets a file mid-rewrite (unreadable) keeps the previous value.
 */

import {
  listRoomFiles,
  ONLINE_FILE_NAME,
  readOnlineCounts,
  readRoomRoster,
  roomIdFromFileName,
  type StatusReadOptions,
} from '../status/index.ts';
import type { OnlineReading } from './observation.ts';

export class StatusSnapshot {
  readonly #folder: string;
  readonly #readOptions: StatusReadOptions | undefined;
  readonly #roomUsers = new Map<number, number>();
  /** False until the folder has been listed, and while it is missing. */
  #roomsKnown = false;
  #online: OnlineReading | undefined;
  #newestWriteAt: number | undefined;

  constructor(folder: string, readOptions?: StatusReadOptions) {
    this.#folder = folder;
    this.#readOptions = readOptions;
  }

  get roomUsers(): ReadonlyMap<number, number> | undefined {
    return this.#roomsKnown ? new Map(this.#roomUsers) : undefined;
  }

  get online(): OnlineReading | undefined {
    return this.#online;
  }

  get newestWriteAt(): number | undefined {
    return this.#newestWriteAt;
  }

  /** Reads online.txt and every room file there is. */
  async readAll(): Promise<void> {
    const [listing] = await Promise.all([listRoomFiles(this.#folder), this.#readOnline()]);
    if (listing.status === 'no-folder') return this.#folderMissing();
    if (listing.status === 'unreadable') return;
    const counts = await Promise.all(listing.roomIds.map((id) => this.#readRoomCount(id)));
    if (counts.includes('missing-folder')) return this.#folderMissing();
    // Rooms whose files vanished since the last listing are empty now.
    const listed = new Set(listing.roomIds);
    for (const id of [...this.#roomUsers.keys()]) if (!listed.has(id)) this.#roomUsers.delete(id);
    for (const [index, id] of listing.roomIds.entries()) this.#apply(id, counts[index]);
    this.#roomsKnown = true;
  }

  /** Reads the named status files (`online.txt`, `room_<id>.txt`) again. */
  async read(fileNames: Iterable<string>): Promise<void> {
    // After the folder was missing nobody knows which files changed: read them all.
    if (!this.#roomsKnown) return this.readAll();
    const names = [...fileNames];
    const roomIds = names.flatMap((name) => {
      const id = roomIdFromFileName(name);
      return id === undefined ? [] : [id];
    });
    const [counts] = await Promise.all([
      Promise.all(roomIds.map((id) => this.#readRoomCount(id))),
      names.includes(ONLINE_FILE_NAME) ? this.#readOnline() : undefined,
    ]);
    for (const [index, id] of roomIds.entries()) this.#apply(id, counts[index]);
  }

  /** Reads online.txt only: the periodic check of the files' age. */
  async readOnline(): Promise<void> {
    await this.#readOnline();
  }

  async #readOnline(): Promise<void> {
    const result = await readOnlineCounts(this.#folder, this.#readOptions);
    switch (result.status) {
      case 'ok':
        this.#online = { status: 'ok', counts: result.counts };
        this.#sawWrite(result.modifiedAt);
        return;
      case 'absent':
        this.#online = {
          status: 'missing',
          reason: `there is no online.txt in ${this.#folder} (the group has not run since the folder was made)`,
        };
        return;
      case 'no-folder':
        this.#online = { status: 'missing', reason: `the status folder ${this.#folder} does not exist` };
        return;
      case 'unreadable':
        return;
    }
  }

  /** The users in a room; 0 when its file is gone; `missing-folder`; undefined when unreadable. */
  async #readRoomCount(roomId: number): Promise<number | 'missing-folder' | undefined> {
    const roster = await readRoomRoster(this.#folder, roomId, this.#readOptions);
    switch (roster.status) {
      case 'ok':
        this.#sawWrite(roster.modifiedAt);
        return roster.userNames.length;
      case 'absent':
        return 0;
      case 'no-folder':
        return 'missing-folder';
      case 'unreadable':
        return undefined;
    }
  }

  #apply(roomId: number, count: number | 'missing-folder' | undefined): void {
    if (count === 'missing-folder') {
      this.#folderMissing();
      return;
    }
    if (count === undefined) return;
    if (count === 0) this.#roomUsers.delete(roomId);
    else this.#roomUsers.set(roomId, count);
  }

  #folderMissing(): void {
    this.#roomUsers.clear();
    this.#roomsKnown = false;
  }

  #sawWrite(modifiedAt: Date): void {
    const at = modifiedAt.getTime();
    if (this.#newestWriteAt === undefined || at > this.#newestWriteAt) this.#newestWriteAt = at;
  }
}
