/**
 * Names of the rooms the bot created itself, kept in memory and persisted after every change.
 * The file is read once, on first use; only this process writes it.
 */

import { describeFsError } from '../status/read-outcomes.ts';
import { readRememberedFile, writeRememberedFile } from './remembered-file.ts';
import { roomId, roomName } from './room-id.ts';

export type PersistResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

export interface RememberedNames {
  readonly names: ReadonlyMap<number, string>;
  /** Set while the file on disk could not be read and has not been replaced since. */
  readonly warning?: string;
}

export interface RememberedRooms {
  current(): Promise<RememberedNames>;
  /** Rejects with a RangeError for an id that is not a room id or an empty name (a programming mistake). */
  remember(id: number, name: string): Promise<PersistResult>;
  forget(id: number): Promise<PersistResult>;
}

export function createRememberedRooms(path: string): RememberedRooms {
  const names = new Map<number, string>();
  let warning: string | undefined;
  let loading: Promise<void> | undefined;
  // Writes run one after another, so the file always ends with the latest change.
  let writing: Promise<unknown> = Promise.resolve();

  const load = (): Promise<void> => {
    loading ??= readRememberedFile(path).then((read) => {
      if (read.status === 'ok') for (const [id, name] of read.names) names.set(id, name);
      if (read.status === 'unreadable') {
        warning = `The remembered room names in ${path} cannot be read (${read.reason}); they are ignored, and the file is replaced when the bot next creates or deletes a room.`;
      }
    });
    return loading;
  };

  const persist = (): Promise<PersistResult> => {
    const snapshot = new Map(names);
    const written = writing.then(async (): Promise<PersistResult> => {
      try {
        await writeRememberedFile(path, snapshot);
        warning = undefined;
        return { ok: true };
      } catch (error) {
        return {
          ok: false,
          message: `The room names could not be saved to ${path} (${describeFsError(error)}); they are known until the bot restarts.`,
        };
      }
    });
    writing = written;
    return written;
  };

  return {
    current: async () => {
      await load();
      return warning === undefined ? { names: new Map(names) } : { names: new Map(names), warning };
    },
    remember: async (id, name) => {
      const checkedId = checkRoomId(id);
      const checkedName = roomName.safeParse(name);
      if (!checkedName.success) throw new RangeError(`a room name cannot be empty (room ${id})`);
      await load();
      names.set(checkedId, checkedName.data);
      return persist();
    },
    forget: async (id) => {
      const checkedId = checkRoomId(id);
      await load();
      if (!names.delete(checkedId)) return { ok: true };
      return persist();
    },
  };
}

function checkRoomId(id: number): number {
  if (!roomId.safeParse(id).success) throw new RangeError(`a room id is a non-negative integer, not ${id}`);
  return id;
}
