import { join } from 'node:path';
import type { ChatOpsConfig } from '../config/index.ts';
import type { DataApiClient } from '../data-api/index.ts';
import {
  createRoomDirectory,
  importRememberedFile,
  REMEMBERED_FILE_NAME,
  type RoomDirectory,
  storedRememberedRooms,
} from '../rooms/index.ts';
import type { StateStore } from '../state/index.ts';
import type { StatusSource } from '../status/index.ts';

export interface RoomDirectoryContext {
  readonly dataApi: DataApiClient | undefined;
  readonly status: StatusSource;
  /** The one line of the upgrade import, for the process log. */
  readonly log: (line: string) => void;
  /** The store's failures, for the process log. */
  readonly report: (message: string) => void;
  readonly now: () => number;
}

/**
 * The room directory with the remembered names in the state store, after the one-time import of
 * an earlier release's `<state.dir>/rooms.json`. A failed import does not stop the start: it is
 * reported, nothing of it is kept, and the next start tries again.
 */
export async function openRoomDirectory(
  config: ChatOpsConfig,
  state: StateStore,
  context: RoomDirectoryContext,
): Promise<RoomDirectory> {
  const group = config.server.group;
  const path = join(config.state.dir, REMEMBERED_FILE_NAME);
  try {
    const line = await importRememberedFile({ path, records: state.rooms, group, now: context.now() });
    if (line !== undefined) context.log(line);
  } catch (error) {
    context.report(`rooms: importing ${path} into the state store failed: ${describe(error)}`);
  }
  return createRoomDirectory({
    dataApi: context.dataApi,
    configuredNames: config.rooms,
    remembered: storedRememberedRooms({
      records: state.rooms,
      group,
      onError: (error) => context.report(`rooms: the state store failed: ${describe(error)}`),
    }),
    extraRoomIds: () => context.status.extraRoomIds(),
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
