/**
 * Every room the bot knows, by id and by name. The chat server keeps no file that maps ids to
 * names, so names come from the Data API, else the configuration, else the rooms the bot created;
 * ids also come from the group's status files.
 */

import type { DataApiClient, DataApiResult, Room } from '../data-api/index.ts';
import type { RoomIdsNow } from '../status/index.ts';
import { type ConfiguredNames, parseConfiguredNames } from './configured-names.ts';
import { type NamedRoom, namedRooms, type RoomList, type RoomListWarning } from './known-room.ts';
import { mergeRoomSources } from './merge-sources.ts';
import type { PersistResult, RememberedRooms } from './remembered-rooms.ts';
import { type RoomResolution, resolveRoom } from './resolve-room.ts';
import { shareLoads } from './shared-load.ts';
import { dataApiWarning, statusFolderWarning } from './source-warnings.ts';

export interface RoomDirectoryOptions {
  /** Absent when the chat server's HTTP Data API is not configured. */
  readonly dataApi?: DataApiClient;
  /** The configuration's `rooms:` map; a bad entry makes createRoomDirectory throw a TypeError. */
  readonly configuredNames: ConfiguredNames;
  /** The names of the rooms the bot created (storedRememberedRooms: the state store's). */
  readonly remembered: RememberedRooms;
  /** Room ids the status source knows beyond the room list: with the status files, every `room_<id>.txt`. */
  readonly extraRoomIds: () => Promise<RoomIdsNow>;
  /**
   * How long one Data API answer is used; default 5000 ms. A failure is kept as long, so a Data API
   * that is down costs one timeout per period rather than one per command.
   */
  readonly cacheMs?: number;
  /** Clock for the cache; tests pin it. Default `Date.now`. */
  readonly now?: () => number;
}

export interface RoomDirectory {
  /** Never rejects: a source that cannot be read is left out and reported in `warnings`. */
  list(): Promise<RoomList>;
  /** `12`/`#12` or a room name; never rejects. */
  resolve(text: string): Promise<RoomResolution>;
  /** The named rooms of the last list, at once (autocomplete must answer within 3 s); empty before the first. */
  cachedNames(): readonly NamedRoom[];
  /** A list with a new Data API answer, whatever the cache holds. */
  refresh(): Promise<RoomList>;
  /** Keeps the name of a room the bot created; rejects with a RangeError for a bad id or an empty name. */
  remember(id: number, name: string): Promise<PersistResult>;
  forget(id: number): Promise<PersistResult>;
  /** The bot changed a room's settings on the server (not its name): cached answers are out of date. */
  noteEdited(): void;
  /** Goes up each time the bot changes a room through this directory: what was listed before may be out of date. */
  revision(): number;
}

export const DEFAULT_ROOM_CACHE_MS = 5000;

export function createRoomDirectory(options: RoomDirectoryOptions): RoomDirectory {
  const configured = parseConfiguredNames(options.configuredNames);
  const { dataApi, remembered } = options;
  const dataApiRooms =
    dataApi === undefined
      ? undefined
      : shareLoads(() => dataApi.rooms(), {
          ttlMs: options.cacheMs ?? DEFAULT_ROOM_CACHE_MS,
          now: options.now ?? Date.now,
        });
  let lastNames: readonly NamedRoom[] = [];
  let revision = 0;
  // The bot just changed the server's rooms: the Data API's cached answer is out of date.
  const edited = () => {
    revision += 1;
    dataApiRooms?.invalidate();
  };

  const listWith = async (fromDataApi: Promise<DataApiResult<Room[]>> | undefined): Promise<RoomList> => {
    const [apiRooms, rememberedNames, statusFiles] = await Promise.all([
      fromDataApi,
      remembered.current(),
      options.extraRoomIds(),
    ]);
    const warnings: RoomListWarning[] = [];
    if (apiRooms?.ok === false) warnings.push(dataApiWarning(apiRooms.failure));
    if (rememberedNames.warning !== undefined) {
      warnings.push({ source: 'remembered', message: rememberedNames.warning });
    }
    const statusWarning = statusFolderWarning(statusFiles);
    if (statusWarning !== undefined) warnings.push(statusWarning);
    const rooms = mergeRoomSources({
      dataApi: apiRooms?.ok === true ? apiRooms.value : undefined,
      configured,
      remembered: rememberedNames.names,
      statusFileIds: statusFiles.status === 'ok' ? statusFiles.roomIds : [],
    });
    lastNames = namedRooms(rooms);
    return { rooms, warnings };
  };

  const list = () => listWith(dataApiRooms?.get());

  return {
    list,
    resolve: async (text) => resolveRoom(text, await list()),
    cachedNames: () => lastNames,
    refresh: () => listWith(dataApiRooms?.reload()),
    remember: (id, name) => {
      edited();
      return remembered.remember(id, name);
    },
    forget: (id) => {
      edited();
      return remembered.forget(id);
    },
    noteEdited: edited,
    revision: () => revision,
  };
}
