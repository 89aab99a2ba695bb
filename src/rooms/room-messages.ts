/** The sentences a moderator reads when a room name does not lead to exactly one room. */

import type { KnownRoom, NamedRoom } from './known-room.ts';

/** Beyond this many, "Known rooms" ends in "and N more": a chat reply is not a listing. */
const MAX_LISTED_ROOMS = 10;

/** `"Lobby" (1)`, or `#5` for a room whose name nobody knows. */
export function describeRoom(room: Pick<KnownRoom, 'id' | 'name'>): string {
  return room.name === undefined ? `#${room.id}` : `"${room.name}" (${room.id})`;
}

/** `a`, `a or b`, `a, b or c`. */
function joinWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

export function ambiguousNameMessage(typed: string, candidates: readonly NamedRoom[]): string {
  const first = candidates[0];
  const example = first === undefined ? '' : `, e.g. #${first.id}`;
  return (
    `${candidates.length} rooms are called "${typed}": ${joinWords(candidates.map(describeRoom), 'and')}. ` +
    `Name the room by its id instead${example}.`
  );
}

export function unknownNameMessage(
  typed: string,
  suggestions: readonly NamedRoom[],
  known: readonly KnownRoom[],
): string {
  const missing = `There is no room called "${typed}"`;
  if (suggestions.length > 0) {
    return `${missing}. Did you mean ${joinWords(suggestions.map(describeRoom), 'or')}?`;
  }
  if (known.length === 0) return `${missing}, and no rooms are known. Name the room by its id, e.g. #12.`;
  const listed = known.slice(0, MAX_LISTED_ROOMS).map(describeRoom);
  const more = known.length - listed.length;
  const words = more > 0 ? [...listed, `${more} more`] : listed;
  return `${missing}. Known rooms: ${joinWords(words, 'and')}.`;
}

export const EMPTY_ROOM_MESSAGE = 'Name a room by its id (e.g. 12 or #12) or by its name.';
