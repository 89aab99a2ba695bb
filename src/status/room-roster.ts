/**
 * `room_<id>.txt`: the user names online in room `<id>`, one a line (vendor manual, "Get username
 * list of each room"). Servers on Windows end lines with CRLF; the encoding is undocumented and
 * read as UTF-8.
 */

import type { Freshness, MissingFolder, StatusReadOptions, Unreadable } from './read-outcomes.ts';
import { type Interpretation, readSettledFile } from './read-settled-file.ts';
import { roomFileName } from './status-file-names.ts';

export type RoomRosterResult =
  | ({ readonly status: 'ok'; readonly roomId: number; readonly userNames: readonly string[] } & Freshness)
  /**
   * No file for the room: it was deleted (possibly between listing and reading) or never existed.
   * The roster is empty so that callers who only count users need not switch on this case.
   */
  | { readonly status: 'absent'; readonly roomId: number; readonly userNames: readonly [] }
  | MissingFolder
  | Unreadable;

const LINE_END = /\r\n|\r|\n/;

/** One split over the whole text; names are trimmed and blank lines skipped, as vendor modules do. */
export function parseRoster(text: string): Interpretation<string[]> {
  const userNames: string[] = [];
  for (const line of text.split(LINE_END)) {
    const name = line.trim();
    if (name !== '') userNames.push(name);
  }
  return { ok: true, value: userNames };
}

/**
 * Reads who is online in one room. Never rejects for file-system conditions; rejects with a
 * RangeError only for a `roomId` that is not a non-negative integer (a caller bug, and a guard
 * against building a path from user input).
 */
export async function readRoomRoster(
  dir: string,
  roomId: number,
  options?: StatusReadOptions,
): Promise<RoomRosterResult> {
  const file = await readSettledFile(dir, roomFileName(roomId), parseRoster, options);
  switch (file.status) {
    case 'ok':
      return { status: 'ok', roomId, userNames: file.value, modifiedAt: file.modifiedAt, ageMs: file.ageMs };
    case 'absent':
      return { status: 'absent', roomId, userNames: [] };
    default:
      return file;
  }
}
