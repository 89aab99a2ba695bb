/**
 * What the status files say at one moment, as a snapshot carries it: the rosters as a layered map
 * (layered-map.ts) shared with the views before, users per room read through it, and the plain
 * Maps of both built only when someone asks for them (a command's reply, a test), once per view.
 */

import type { LayeredMap } from './layered-map.ts';
import type { OnlineReading, StatusSnapshot } from './status-snapshot.ts';

/** What the files say; the feed adds the server's name, the source and the reachability. */
export type FilesView = Pick<
  StatusSnapshot,
  'roomUsers' | 'roomCounts' | 'rosters' | 'online' | 'newestWriteAt' | 'unreadable'
>;

export interface FilesViewParts {
  /** Rooms with at least one user; undefined while the rooms cannot be listed. */
  readonly rosters: LayeredMap<number, readonly string[]> | undefined;
  readonly online: OnlineReading | undefined;
  readonly newestWriteAt: number | undefined;
  readonly unreadable: ReadonlyMap<string, string>;
}

export function filesView(parts: FilesViewParts): FilesView {
  const { rosters } = parts;
  const roomCounts = rosters === undefined ? undefined : new RosterCounts(rosters);
  let roomUsersMap: Map<number, number> | undefined;
  let rostersMap: Map<number, readonly string[]> | undefined;
  return {
    get roomUsers() {
      if (roomCounts !== undefined) roomUsersMap ??= new Map(roomCounts);
      return roomUsersMap;
    },
    roomCounts,
    get rosters() {
      if (rosters !== undefined) rostersMap ??= new Map(rosters);
      return rostersMap;
    },
    online: parts.online,
    newestWriteAt: parts.newestWriteAt,
    unreadable: parts.unreadable,
  };
}

/** Users per room, read through the rosters (a room in them has at least one user). */
class RosterCounts implements ReadonlyMap<number, number> {
  readonly #rosters: ReadonlyMap<number, readonly string[]>;

  constructor(rosters: ReadonlyMap<number, readonly string[]>) {
    this.#rosters = rosters;
  }

  get size(): number {
    return this.#rosters.size;
  }

  get(roomId: number): number | undefined {
    return this.#rosters.get(roomId)?.length;
  }

  has(roomId: number): boolean {
    return this.#rosters.has(roomId);
  }

  *entries(): MapIterator<[number, number]> {
    for (const [roomId, names] of this.#rosters) yield [roomId, names.length];
  }

  keys(): MapIterator<number> {
    return this.#rosters.keys();
  }

  *values(): MapIterator<number> {
    for (const names of this.#rosters.values()) yield names.length;
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  forEach(
    callback: (users: number, roomId: number, map: ReadonlyMap<number, number>) => void,
    thisArg?: unknown,
  ): void {
    for (const [roomId, users] of this.entries()) callback.call(thisArg, users, roomId, this);
  }
}
