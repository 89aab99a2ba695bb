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

/** What changed in a group's status since a revision: every file, or the totals and some rooms. */
export type GroupChanges =
  | { readonly revision: number; readonly everything: GroupStatus }
  | {
      readonly revision: number;
      readonly online: OnlineCounts;
      readonly rooms: ReadonlyArray<{ readonly roomId: number; readonly users: readonly string[] }>;
    };

/**
 * The group's status as far as it changed after `revision` (one returned before; none: all of
 * it): a server of 5,000 rooms need not format 5,000 room files at every change.
 */
export function groupChanges(
  state: EmulatorState,
  group: string,
  revision: number | undefined,
): GroupChanges {
  const changes = state.roomsChangedSince(group, revision);
  if (changes.roomIds === 'all' || !state.isRunning(group))
    return { revision: changes.revision, everything: groupStatus(state, group) };
  return {
    revision: changes.revision,
    online: state.counts(group),
    rooms: changes.roomIds.map((roomId) => ({ roomId, users: state.roomUsers(group, roomId) })),
  };
}
