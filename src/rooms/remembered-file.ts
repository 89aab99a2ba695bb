/**
 * The JSON file that keeps the names of rooms the bot created, so they survive a restart:
 * `{ "version": 1, "rooms": [{ "id": 12, "name": "Q&A" }] }`.
 */

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomically } from '../files/write-file-atomically.ts';
import { describeFsError, errnoCode } from '../status/read-outcomes.ts';
import { roomId, roomName } from './room-id.ts';

const rememberedFile = z.object({
  version: z.literal(1),
  rooms: z.array(z.object({ id: roomId, name: roomName })),
});

type RememberedFile = z.infer<typeof rememberedFile>;

export type RememberedRead =
  | { readonly status: 'ok'; readonly names: Map<number, string> }
  /** Not written yet: the bot has not created a room. */
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

/** Rejects when the file cannot be written (the caller turns that into a result). */
export async function writeRememberedFile(path: string, names: ReadonlyMap<number, string>): Promise<void> {
  const content: RememberedFile = {
    version: 1,
    rooms: [...names].sort(([a], [b]) => a - b).map(([id, name]) => ({ id, name })),
  };
  await writeFileAtomically(path, `${JSON.stringify(content, null, 2)}\n`, { createFolder: true });
}
