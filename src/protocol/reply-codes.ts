/**
 * The Server API reply convention flashchat-ops uses, written down in one place.
 *
 * The vendor documents only that the reply's root element carries a `result` attribute and
 * that `add_room` answers the new room's id there. The root element's name, the error codes and
 * their texts are not documented, so the client reads `result` whatever the root is called, and
 * the embedded emulator answers as follows:
 *
 *   <?xml version="1.0" encoding="UTF-8"?><Response type="add_room" result="12" message="room added"/> + "\0"
 *
 * - success: `result="0"`, except `add_room`, whose `result` is the new room's id (a positive integer);
 * - refusal: `result` is a negative integer from REPLY_CODES below, `message` says why in English.
 *
 * The client treats any negative integer as a refusal (naming the code when it knows it) and any
 * other `result` as success, so that a real server's unknown success texts are not mistaken for errors.
 */

export const REPLY_CODES = {
  bad_password: -1,
  address_not_allowed: -2,
  malformed_command: -3,
  unknown_type: -4,
  bad_parameter: -5,
  unknown_group: -6,
  room_not_found: -7,
  room_id_taken: -8,
  group_stopped: -9,
  user_not_online: -10,
} as const;

export type ReplyCodeName = keyof typeof REPLY_CODES;

export const REPLY_ROOT_ELEMENT = 'Response';
export const SUCCESS_RESULT = '0';

const NAMES_BY_CODE = new Map<number, ReplyCodeName>(
  Object.entries(REPLY_CODES).map(([name, code]) => [code, name as ReplyCodeName]),
);

export function replyCodeName(code: number): ReplyCodeName | undefined {
  return NAMES_BY_CODE.get(code);
}

/** A refusal code means a credential or network-placement problem, not a problem with the command. */
export function isAccessRefusal(code: number): boolean {
  return code === REPLY_CODES.bad_password || code === REPLY_CODES.address_not_allowed;
}
