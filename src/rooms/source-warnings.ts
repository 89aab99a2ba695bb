/** The sentences shown when a source of rooms could not be read and the list was made without it. */

import type { DataApiFailure } from '../data-api/index.ts';
import type { RoomIdsNow } from '../status/index.ts';
import type { RoomListWarning } from './known-room.ts';

export function dataApiWarning(failure: DataApiFailure): RoomListWarning {
  return { source: 'data-api', message: `Room names from the Data API are unavailable: ${failure.message}.` };
}

/** Undefined when the folder was listed. */
export function statusFolderWarning(result: RoomIdsNow): RoomListWarning | undefined {
  if (result.status === 'ok') return undefined;
  if (result.status === 'unavailable') {
    return { source: 'status-file', message: `${result.reason}, so rooms are listed without it.` };
  }
  const problem =
    result.status === 'unreadable'
      ? `${result.path} cannot be read (${result.reason})`
      : `${result.folder} ${result.reason === 'missing' ? 'does not exist' : 'is not a folder'}`;
  return { source: 'status-file', message: `The status folder ${problem}, so rooms are listed without it.` };
}
