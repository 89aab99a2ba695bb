/** What the room directory knows about rooms, and where each piece came from. */

/** In priority order: a name comes from the first of these that has one. */
export const ROOM_SOURCES = ['data-api', 'config', 'remembered', 'status-file'] as const;
export type RoomSource = (typeof ROOM_SOURCES)[number];

export interface KnownRoom {
  readonly id: number;
  readonly name?: string;
  /** Most users the room holds (Data API only). */
  readonly capacity?: number;
  /** Users in the room when the Data API answered. */
  readonly userCount?: number;
  /** Every source that knows this id, in priority order. */
  readonly sources: readonly RoomSource[];
}

export interface NamedRoom {
  readonly id: number;
  readonly name: string;
}

/** A source that could not be read; the list is still answered from the others. */
export interface RoomListWarning {
  readonly source: RoomSource;
  /** A sentence that can be shown to moderators as it is. */
  readonly message: string;
}

export interface RoomList {
  /** Sorted by id. */
  readonly rooms: readonly KnownRoom[];
  readonly warnings: readonly RoomListWarning[];
}

export function namedRooms(rooms: readonly KnownRoom[]): NamedRoom[] {
  return rooms.flatMap((room) => (room.name === undefined ? [] : [{ id: room.id, name: room.name }]));
}
