import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { describeFsError, errnoCode, type MissingFolder, type Unreadable } from './read-outcomes.ts';
import { roomIdFromFileName } from './status-file-names.ts';

export type RoomFilesResult =
  | { readonly status: 'ok'; readonly roomIds: readonly number[] }
  | MissingFolder
  | Unreadable;

/**
 * The ids of the rooms that have a status file, in numeric order. Only `room_<digits>.txt` counts:
 * an atomic writer's temp files, sub-folders and anything else in the folder are ignored.
 */
export async function listRoomFiles(dir: string): Promise<RoomFilesResult> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') return { status: 'no-folder', folder: dir, reason: 'missing' };
    if (code === 'ENOTDIR') return { status: 'no-folder', folder: dir, reason: 'not-a-folder' };
    return { status: 'unreadable', path: dir, reason: describeFsError(error) };
  }
  const roomIds: number[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const roomId = roomIdFromFileName(entry.name);
    if (roomId !== undefined) roomIds.push(roomId);
  }
  return { status: 'ok', roomIds: roomIds.sort((a, b) => a - b) };
}
