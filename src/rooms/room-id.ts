/** Room ids as moderators type them (`12`, `#12`) and as configuration and files carry them. */

import { z } from 'zod';

export const roomId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Canonical digits only, so `"01"` and `"1"` cannot both name room 1 in one map. */
export const roomIdKey = z
  .string()
  .regex(/^(0|[1-9][0-9]*)$/, { error: 'a room id is written as digits, e.g. "12"' })
  .transform(Number)
  .pipe(roomId);

export const roomName = z.string().trim().min(1, { error: 'a room name cannot be empty' });

const TYPED_ROOM_ID = /^#?([0-9]+)$/;

/** The id in `12` or `#12` (surrounding white space ignored), or undefined when the text is not an id. */
export function parseTypedRoomId(text: string): number | undefined {
  const digits = TYPED_ROOM_ID.exec(text.trim())?.[1];
  if (digits === undefined) return undefined;
  const id = Number(digits);
  return Number.isSafeInteger(id) ? id : undefined;
}
