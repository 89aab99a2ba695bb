/**
 * The JSON file in which earlier releases kept the names of rooms the bot created:
 * `{ "version": 1, "rooms": [{ "id": 12, "name": "Q&A" }] }`. Read once, to import it into the
 * state store (import-remembered-file.ts); never written.
 */

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { describeFsError, errnoCode } from '../status/read-outcomes.ts';
import { roomId, roomName } from './room-id.ts';

const rememberedFile = z.object({
  version: z.literal(1),
  rooms: z.array(z.object({ id: roomId, name: roomName })),
});

export type RememberedRead =
  | { readonly status: 'ok'; readonly names: Map<number, string> }
  /** None: the bot never created a room before the upgrade, or is new. */
  | { readonly status: 'missing' }
  | { readonly status: 'unreadable'; readonly reason: string };

export async function readRememberedFile(path: string): Promise<RememberedRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { status: 'missing' };
    return { status: 'unreadable', reason: describeFsError(error) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: 'unreadable', reason: 'it is not JSON' };
  }
  const parsed = rememberedFile.safeParse(json);
  if (!parsed.success) {
    return { status: 'unreadable', reason: `unexpected content: ${z.prettifyError(parsed.error)}` };
  }
  return { status: 'ok', names: new Map(parsed.data.rooms.map((room) => [room.id, room.name])) };
}
