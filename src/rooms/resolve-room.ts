/** Turns what a moderator typed into one room: an id is always taken, a name must match exactly one room. */

import { nearest } from '../text/nearest.ts';
import { type NamedRoom, namedRooms, type RoomList, type RoomListWarning } from './known-room.ts';
import { parseTypedRoomId } from './room-id.ts';
import { ambiguousNameMessage, EMPTY_ROOM_MESSAGE, unknownNameMessage } from './room-messages.ts';

export type RoomResolution = (
  | {
      readonly kind: 'found';
      readonly id: number;
      readonly name?: string;
      /** `id` for `12`/`#12` (taken whether or not the room is known), `name` for a name match. */
      readonly by: 'id' | 'name';
      /** False for an id no source knows: the chat server will say whether it exists. */
      readonly known: boolean;
    }
  | {
      readonly kind: 'ambiguous';
      readonly typed: string;
      /** Every room with that name, by id. */
      readonly candidates: readonly NamedRoom[];
      readonly message: string;
    }
  | {
      readonly kind: 'unknown';
      readonly typed: string;
      /** The rooms with the closest names; empty when nothing is near. */
      readonly suggestions: readonly NamedRoom[];
      readonly message: string;
    }
  | { readonly kind: 'empty'; readonly message: string }
) & {
  /** Sources that could not be read, so a reply can say the answer may be incomplete. */
  readonly warnings: readonly RoomListWarning[];
};

export function resolveRoom(text: string, list: RoomList): RoomResolution {
  const { rooms, warnings } = list;
  const typed = text.trim();
  if (typed === '') return { kind: 'empty', message: EMPTY_ROOM_MESSAGE, warnings };

  const id = parseTypedRoomId(typed);
  if (id !== undefined) {
    const room = rooms.find((candidate) => candidate.id === id);
    const name = room?.name;
    return name === undefined
      ? { kind: 'found', id, by: 'id', known: room !== undefined, warnings }
      : { kind: 'found', id, name, by: 'id', known: true, warnings };
  }

  const named = namedRooms(rooms);
  const wanted = normaliseName(typed);
  const matches = named.filter((room) => normaliseName(room.name) === wanted);
  const [match] = matches;
  if (match !== undefined && matches.length === 1) {
    return { kind: 'found', id: match.id, name: match.name, by: 'name', known: true, warnings };
  }
  if (matches.length > 1) {
    return {
      kind: 'ambiguous',
      typed,
      candidates: matches,
      message: ambiguousNameMessage(typed, matches),
      warnings,
    };
  }
  // Closest first, as `nearest` ranks them; a name two rooms share suggests both.
  const suggestions = nearest(
    typed,
    named.map((room) => room.name),
  ).flatMap((name) => named.filter((room) => room.name === name));
  return {
    kind: 'unknown',
    typed,
    suggestions,
    message: unknownNameMessage(typed, suggestions, rooms),
    warnings,
  };
}

function normaliseName(name: string): string {
  return name.trim().toLowerCase();
}
