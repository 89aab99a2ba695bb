/**
 * Names of the rooms the bot created, kept in the state store by server group. Read from the
 * store on every ask, never cached: a room added through another instance is known by name to
 * the very next command here (`who <name>` right after `room add <name>` elsewhere).
 */

import type { RoomNameRecords } from '../state/index.ts';
import { roomId, roomName } from './room-id.ts';

export type PersistResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

export interface RememberedNames {
  readonly names: ReadonlyMap<number, string>;
  /** Set while the store cannot be read: the names are missing from this answer. */
  readonly warning?: string;
}

export interface RememberedRooms {
  current(): Promise<RememberedNames>;
  /** Rejects with a RangeError for an id that is not a room id or an empty name (a programming mistake). */
  remember(id: number, name: string): Promise<PersistResult>;
  forget(id: number): Promise<PersistResult>;
}

export interface StoredRememberedRoomsOptions {
  readonly records: RoomNameRecords;
  /** The chat server's group: the names of one group are not another's. */
  readonly group: string;
  /**
   * The store's failure, for the process log: users are told that the names are missing or
   * unsaved, not what the database said (it may name hosts, users, databases).
   */
  readonly onError: (error: unknown) => void;
}

export function storedRememberedRooms(options: StoredRememberedRoomsOptions): RememberedRooms {
  const { records, group, onError } = options;
  const persisted = async (write: () => Promise<void>, failure: string): Promise<PersistResult> => {
    try {
      await write();
      return { ok: true };
    } catch (error) {
      onError(error);
      return { ok: false, message: `${failure} (see the bot's log).` };
    }
  };

  return {
    current: async () => {
      try {
        return { names: await records.names(group) };
      } catch (error) {
        onError(error);
        return {
          names: new Map(),
          warning:
            "The names of the rooms the bot created cannot be read from the state store (see the bot's log); those rooms are listed without them.",
        };
      }
    },
    remember: async (id, name) => {
      const checkedId = checkRoomId(id);
      const checkedName = roomName.safeParse(name);
      if (!checkedName.success) throw new RangeError(`a room name cannot be empty (room ${id})`);
      return persisted(
        () => records.put(group, checkedId, checkedName.data),
        `The name of room ${checkedId} could not be saved in the state store`,
      );
    },
    forget: async (id) => {
      const checkedId = checkRoomId(id);
      return persisted(
        () => records.delete(group, checkedId),
        `The name of room ${checkedId} could not be removed from the state store`,
      );
    },
  };
}

function checkRoomId(id: number): number {
  if (!roomId.safeParse(id).success) throw new RangeError(`a room id is a non-negative integer, not ${id}`);
  return id;
}
