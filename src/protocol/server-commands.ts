import { z } from 'zod';
import {
  color,
  digitFlag,
  emoticon,
  positiveInteger,
  requiredText,
  roomDisplay,
  roomFlag,
  roomId,
  roomSchedule,
  xmlText,
} from './wire-values.ts';

/**
 * The seven Server API commands, each declared once: its parameters under their wire names, in
 * the manual's order (which is the order they are written in), and whether sending it twice is
 * harmless. The manual's quirks are kept on purpose: del_room takes `room_id`, edit_room takes
 * `roomid`, and the emoticon travels as `emotion` (the manual's sample) although its table
 * calls it `avatar`.
 */

const roomSettings = {
  owner: xmlText.optional(),
  desc: xmlText.optional(),
  max: positiveInteger.optional(),
  speaker: xmlText.optional(),
  member: roomFlag.optional(),
  pwd: xmlText.optional(),
  passallmessage: roomFlag.optional(),
  en: roomFlag.optional(),
  st: roomDisplay.optional(),
  wm: xmlText.optional(),
  audio: roomFlag.optional(),
  video: roomFlag.optional(),
  wb: roomFlag.optional(),
  /** Sent by public integrations to order the room list. */
  sequence: z
    .number()
    .int('must be a whole number')
    .nonnegative('must be 0 or more')
    .transform(String)
    .optional(),
  /** The schedule child element; needs the server's event chat module. */
  roomOpen: roomSchedule.optional(),
};

const editRoomParams = z
  .strictObject({ roomid: roomId, name: requiredText.optional(), ...roomSettings })
  .refine(
    (params) => Object.entries(params).some(([key, value]) => key !== 'roomid' && value !== undefined),
    {
      message: 'nothing to change: give at least one setting besides roomid',
    },
  );

export const SERVER_COMMANDS = {
  add_room: {
    params: z.strictObject({
      /** A requested id; the server picks one when it is absent. */
      id: roomId.optional(),
      name: requiredText,
      ...roomSettings,
    }),
    idempotent: false,
  },
  edit_room: { params: editRoomParams, idempotent: true },
  del_room: { params: z.strictObject({ room_id: roomId }), idempotent: false },
  broadcast: { params: z.strictObject({ userid: requiredText, msg: requiredText }), idempotent: false },
  private_message: {
    params: z.strictObject({
      dest_uid: requiredText,
      msg: requiredText,
      emotion: emoticon.optional(),
      owner_uid: xmlText.optional(),
      owner_nick: xmlText.optional(),
      b: digitFlag.optional(),
      i: digitFlag.optional(),
      u: digitFlag.optional(),
      color: color.optional(),
    }),
    idempotent: false,
  },
  start_group: { params: z.strictObject({}), idempotent: true },
  stop_group: { params: z.strictObject({}), idempotent: true },
} as const;

export type ServerCommandType = keyof typeof SERVER_COMMANDS;

export const SERVER_COMMAND_TYPES = Object.keys(SERVER_COMMANDS) as ServerCommandType[];

/** The parameters of a command as a caller gives them (booleans, numbers, strings). */
export type ServerCommandParams<T extends ServerCommandType> = z.input<(typeof SERVER_COMMANDS)[T]['params']>;

/** One command addressed to the server; `group` overrides the client's group for this command. */
export type ServerCommand = {
  [T in ServerCommandType]: { type: T; group?: string; params: ServerCommandParams<T> };
}[ServerCommandType];

export function isIdempotent(type: ServerCommandType): boolean {
  return SERVER_COMMANDS[type].idempotent;
}
