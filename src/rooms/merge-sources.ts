/** One list of rooms from every source: ids united, each room named by its highest-priority source. */

import type { Room } from '../data-api/index.ts';
import type { KnownRoom, RoomSource } from './known-room.ts';

export type DataApiRoom = Pick<Room, 'id' | 'name' | 'capacity' | 'userCount'>;

export interface RoomSources {
  /** Undefined when the Data API is not configured or did not answer. */
  readonly dataApi: readonly DataApiRoom[] | undefined;
  readonly configured: ReadonlyMap<number, string>;
  readonly remembered: ReadonlyMap<number, string>;
  readonly statusFileIds: readonly number[];
}

interface RoomDraft {
  id: number;
  name?: string;
  capacity?: number;
  userCount?: number;
  sources: RoomSource[];
}

export function mergeRoomSources(sources: RoomSources): KnownRoom[] {
  const drafts = new Map<number, RoomDraft>();
  const draftOf = (id: number): RoomDraft => {
    let draft = drafts.get(id);
    if (draft === undefined) {
      draft = { id, sources: [] };
      drafts.set(id, draft);
    }
    return draft;
  };
  // Sources are visited in priority order, so the first name given is the one kept.
  const addName = (source: RoomSource, id: number, name: string | undefined): RoomDraft => {
    const draft = draftOf(id);
    if (!draft.sources.includes(source)) draft.sources.push(source);
    // The Data API sends an empty name for a room without one; that is no name, not a name to show.
    if (draft.name === undefined && name !== undefined && name.trim() !== '') draft.name = name;
    return draft;
  };

  for (const room of sources.dataApi ?? []) {
    const draft = addName('data-api', room.id, room.name);
    if (room.capacity !== undefined) draft.capacity = room.capacity;
    if (room.userCount !== undefined) draft.userCount = room.userCount;
  }
  for (const [id, name] of sources.configured) addName('config', id, name);
  for (const [id, name] of sources.remembered) addName('remembered', id, name);
  for (const id of sources.statusFileIds) addName('status-file', id, undefined);

  return [...drafts.values()].sort((a, b) => a.id - b.id);
}
