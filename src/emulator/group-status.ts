import type { OnlineCounts } from './chat-group.ts';
import type { EmulatorState } from './chat-state.ts';
import type { Room } from './room.ts';

/** What the outside world sees of a group: its status files and its Data API answers. */
export interface GroupStatus {
  readonly online: OnlineCounts;
  readonly rooms: ReadonlyArray<{ readonly room: Room; readonly users: readonly string[] }>;
}

const NOTHING_ONLINE: OnlineCounts = { connections: 0, loggedIn: 0, rooms: 0 };

/**
 * A stopped group shows nothing: `0|0|0` and no rooms, as a chat server that is not running
 * serves no room. Its rooms are still kept and come back with start_group.
 */
export function groupStatus(state: EmulatorState, group: string): GroupStatus {
  if (!state.isRunning(group)) return { online: NOTHING_ONLINE, rooms: [] };
  return {
    online: state.counts(group),
    rooms: state.rooms(group).map((room) => ({ room, users: state.roomUsers(group, room.id) })),
  };
}
