/**
 * The names the chat server gives its status files inside a group's data folder
 * (`<install>/server/data/<group>/`): `online.txt` and one `room_<id>.txt` per room.
 */

export const ONLINE_FILE_NAME = 'online.txt';

// Canonical digits only: `room_007.txt` would not round-trip to the room id 7's file name,
// so listing it would promise a roster that reading room 7 cannot find.
const ROOM_FILE_NAME = /^room_(0|[1-9][0-9]*)\.txt$/;

export function isRoomId(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Throws a RangeError for anything but a non-negative safe integer, which also rules out path tricks. */
export function roomFileName(roomId: number): string {
  if (!isRoomId(roomId)) throw new RangeError(`a room id is a non-negative integer, not ${roomId}`);
  return `room_${roomId}.txt`;
}

/** The room id a file name stands for, or undefined when the name is not a room status file. */
export function roomIdFromFileName(name: string): number | undefined {
  const digits = ROOM_FILE_NAME.exec(name)?.[1];
  if (digits === undefined) return undefined;
  const roomId = Number(digits);
  return Number.isSafeInteger(roomId) ? roomId : undefined;
}

/** True for `online.txt` and `room_<id>.txt`; false for temp files of atomic writers and anything else. */
export function isStatusFileName(name: string): boolean {
  return name === ONLINE_FILE_NAME || roomIdFromFileName(name) !== undefined;
}
