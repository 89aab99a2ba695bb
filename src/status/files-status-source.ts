/** The status files as a command's status source: each read goes to the files, on this machine. */

import { readOnlineCounts } from './online-counts.ts';
import type { StatusReadOptions } from './read-outcomes.ts';
import { listRoomFiles } from './room-files.ts';
import { readRoomRoster } from './room-roster.ts';
import type { StatusSource } from './status-source.ts';

export function filesStatusSource(folder: string, options?: StatusReadOptions): StatusSource {
  return {
    kind: 'files',
    location: folder,
    online: () => readOnlineCounts(folder, options),
    roster: async (roomId) => {
      const roster = await readRoomRoster(folder, roomId, options);
      return roster.status === 'absent' ? { status: 'absent' } : roster;
    },
    extraRoomIds: () => listRoomFiles(folder),
  };
}
