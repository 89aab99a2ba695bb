/** The room directory: rooms by id or by name, from the Data API, the configuration and the bot's own memory. */

export type { ConfiguredNames } from './configured-names.ts';
export { importRememberedFile, REMEMBERED_FILE_NAME } from './import-remembered-file.ts';
export {
  type KnownRoom,
  type NamedRoom,
  ROOM_SOURCES,
  type RoomList,
  type RoomListWarning,
  type RoomSource,
} from './known-room.ts';
export {
  type PersistResult,
  type RememberedNames,
  type RememberedRooms,
  storedRememberedRooms,
} from './remembered-rooms.ts';
export type { RoomResolution } from './resolve-room.ts';
export {
  createRoomDirectory,
  DEFAULT_ROOM_CACHE_MS,
  type RoomDirectory,
  type RoomDirectoryOptions,
} from './room-directory.ts';
