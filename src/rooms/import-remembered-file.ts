/**
 * The upgrade from the release that kept remembered room names in `<state.dir>/rooms.json`: the
 * file's names go into the state store once, on the first start that finds it, and the file is
 * neither read nor written again (it is left in place, as it was).
 */

import type { RoomNameRecords } from '../state/index.ts';
import { readRememberedFile } from './remembered-file.ts';

export const REMEMBERED_FILE_NAME = 'rooms.json';

export interface RememberedFileImport {
  readonly path: string;
  readonly records: RoomNameRecords;
  readonly group: string;
  readonly now: number;
}

/** The one line for the process log, or undefined when there was nothing to say (no file, done before). */
export async function importRememberedFile(from: RememberedFileImport): Promise<string | undefined> {
  const { path, group } = from;
  const read = await readRememberedFile(path);
  if (read.status === 'missing') return undefined;
  if (read.status === 'unreadable') {
    // Not marked as imported: once the file is mended, the next start imports it.
    const reason = read.reason.replace(/\s*\n\s*/g, ' ');
    return `rooms: ${path} cannot be read (${reason}), so its room names were not imported into the state store; mend or remove it and restart`;
  }
  const done = await from.records.importOnce(group, read.names, from.now);
  if (done.outcome === 'already-imported') return undefined;
  if (done.outcome === 'store-had-names') {
    return `rooms: ${path} was not imported: the state store already has remembered room names for group ${group} (another instance's); the file is no longer read`;
  }
  return `rooms: imported ${done.count} remembered room name${done.count === 1 ? '' : 's'} of group ${group} from ${path} into the state store, once; the file is no longer read or written`;
}
