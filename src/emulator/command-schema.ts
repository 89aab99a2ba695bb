import { z } from 'zod';
import type { PrivateMessage } from './chat-state.ts';
import {
  DEFAULT_ROOM_SETTINGS,
  MAX_ROOM_ID,
  ROOM_OPEN_DAYS,
  type RoomOpenTime,
  type RoomSettings,
} from './room.ts';

/**
 * The parameters of the seven Server API commands, checked with zod and turned into typed commands.
 * Names are the wire names, quirks included: del_room takes `room_id`, edit_room takes `roomid`,
 * private_message's emoticon comes as `emotion` (the manual's sample) or `avatar` (its table).
 * Attributes a command does not know are ignored, not refused: the real server's behaviour is
 * undocumented, and public code sends extras such as `sequence`.
 */

export const COMMAND_TYPES = [
  'add_room',
  'edit_room',
  'del_room',
  'broadcast',
  'private_message',
  'start_group',
  'stop_group',
] as const;

export type CommandType = (typeof COMMAND_TYPES)[number];

export function isCommandType(type: string): type is CommandType {
  return (COMMAND_TYPES as readonly string[]).includes(type);
}

export type ValidCommand =
  | { readonly type: 'add_room'; readonly requestedId: number | undefined; readonly settings: RoomSettings }
  | { readonly type: 'edit_room'; readonly roomId: number; readonly changes: Partial<RoomSettings> }
  | { readonly type: 'del_room'; readonly roomId: number }
  | { readonly type: 'broadcast'; readonly from: string; readonly text: string }
  | { readonly type: 'private_message'; readonly message: PrivateMessage }
  | { readonly type: 'start_group' }
  | { readonly type: 'stop_group' };

export type CommandValidation =
  | { readonly ok: true; readonly command: ValidCommand }
  | { readonly ok: false; readonly parameter: string; readonly message: string };

/** The room flags come as true/false in the vendor samples and 0/1 in the manual's tables: both are read. */
const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'expected true/false or 1/0' })
  .transform((spelling) => spelling === 'true' || spelling === '1');

const someText = z.string().refine((value) => value.trim() !== '', { error: 'expected some text' });

function wholeNumber(min: number, max: number) {
  const expected = `expected a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^[0-9]{1,10}$/, { error: expected })
    .transform(Number)
    .refine((value) => value >= min && value <= max, { error: expected });
}

const roomId = wholeNumber(1, MAX_ROOM_ID);

/** `st`: the manual documents 0 (listed in the text chat too) and 2 (avatar client only), nothing else. */
const displayMode = z.enum(['0', '2'], { error: 'expected 0 or 2' }).transform(Number);

const emoticon = z.string().regex(/^e([1-9]|[12][0-9]|3[0-2])$/, { error: 'expected one of e1 to e32' });

const roomFields = {
  name: someText.optional(),
  owner: z.string().optional(),
  desc: z.string().optional(),
  max: wholeNumber(1, MAX_ROOM_ID).optional(),
  speaker: z.string().optional(),
  member: flag.optional(),
  pwd: z.string().optional(),
  passallmessage: flag.optional(),
  en: flag.optional(),
  st: displayMode.optional(),
  wm: z.string().optional(),
  audio: flag.optional(),
  video: flag.optional(),
  wb: flag.optional(),
  sequence: wholeNumber(0, MAX_ROOM_ID).optional(),
};

const addRoomParameters = z.object({ ...roomFields, name: someText, id: roomId.optional() });
const editRoomParameters = z.object({ ...roomFields, roomid: roomId });
const delRoomParameters = z.object({ room_id: roomId });
const broadcastParameters = z.object({ userid: z.string().optional(), msg: someText });
const privateMessageParameters = z.object({
  dest_uid: someText,
  msg: someText,
  emotion: emoticon.optional(),
  avatar: emoticon.optional(),
  owner_uid: z.string().optional(),
  owner_nick: z.string().optional(),
  b: flag.optional(),
  i: flag.optional(),
  u: flag.optional(),
  color: z
    .string()
    .regex(/^0x[0-9a-fA-F]{6}$/, { error: 'expected a colour written 0xRRGGBB' })
    .optional(),
});

const openingTime = z.object({
  o: z.enum(ROOM_OPEN_DAYS, { error: 'expected day1 to day7 or special' }),
  s: z.string().default(''),
  e: z.string().default(''),
});

type RoomFields = z.output<z.ZodObject<typeof roomFields>>;

const SCHEDULE_PARAMETER = 'roomOpen';

export function validateCommand(
  type: CommandType,
  attributes: Readonly<Record<string, string>>,
  roomOpenTimes: ReadonlyArray<Readonly<Record<string, string>>> | undefined,
): CommandValidation {
  const schedule = readSchedule(roomOpenTimes);
  if (!schedule.ok) return schedule;
  switch (type) {
    case 'add_room':
      return check(addRoomParameters, attributes, (fields) => ({
        type,
        requestedId: fields.id,
        settings: { ...DEFAULT_ROOM_SETTINGS, ...roomChanges(fields, schedule.times), name: fields.name },
      }));
    case 'edit_room':
      return check(editRoomParameters, attributes, (fields) => ({
        type,
        roomId: fields.roomid,
        changes: roomChanges(fields, schedule.times),
      }));
    case 'del_room':
      return check(delRoomParameters, attributes, (fields) => ({ type, roomId: fields.room_id }));
    case 'broadcast':
      return check(broadcastParameters, attributes, (fields) => ({
        type,
        from: fields.userid ?? '',
        text: fields.msg,
      }));
    case 'private_message':
      return check(privateMessageParameters, attributes, (fields) => ({
        type,
        message: {
          to: fields.dest_uid,
          text: fields.msg,
          from: fields.owner_uid ?? '',
          fromNickname: fields.owner_nick ?? fields.owner_uid ?? '',
          emoticon: fields.emotion ?? fields.avatar,
          bold: fields.b ?? false,
          italic: fields.i ?? false,
          underline: fields.u ?? false,
          color: fields.color,
        },
      }));
    case 'start_group':
    case 'stop_group':
      return { ok: true, command: { type } };
  }
}

/** The schedule as AcceptedCommand records it: every Time entry, `s` and `e` defaulting to ''. */
export function scheduleOf(
  roomOpenTimes: ReadonlyArray<Readonly<Record<string, string>>> | undefined,
): RoomOpenTime[] {
  return (roomOpenTimes ?? []).map((time) => ({ o: time.o ?? '', s: time.s ?? '', e: time.e ?? '' }));
}

function check<Schema extends z.ZodType>(
  schema: Schema,
  attributes: Readonly<Record<string, string>>,
  build: (fields: z.output<Schema>) => ValidCommand,
): CommandValidation {
  const parsed = schema.safeParse(attributes);
  if (parsed.success) return { ok: true, command: build(parsed.data) };
  const issue = parsed.error.issues[0];
  const parameter = String(issue?.path[0] ?? 'command');
  const given = attributes[parameter];
  if (given === undefined) return { ok: false, parameter, message: `${parameter} is required` };
  return {
    ok: false,
    parameter,
    message: `${parameter}="${clip(given)}" is not accepted: ${issue?.message}`,
  };
}

function readSchedule(
  roomOpenTimes: ReadonlyArray<Readonly<Record<string, string>>> | undefined,
): { ok: true; times: RoomOpenTime[] | undefined } | { ok: false; parameter: string; message: string } {
  if (roomOpenTimes === undefined) return { ok: true, times: undefined };
  const times: RoomOpenTime[] = [];
  for (const time of roomOpenTimes) {
    const parsed = openingTime.safeParse(time);
    if (!parsed.success) {
      const given = time.o === undefined ? 'no o' : `o="${clip(time.o)}"`;
      return {
        ok: false,
        parameter: SCHEDULE_PARAMETER,
        message: `${SCHEDULE_PARAMETER}: a Time with ${given} is not accepted: ${parsed.error.issues[0]?.message}`,
      };
    }
    times.push(parsed.data);
  }
  return { ok: true, times };
}

function roomChanges(fields: RoomFields, schedule: RoomOpenTime[] | undefined): Partial<RoomSettings> {
  return definedOnly({
    name: fields.name,
    owner: fields.owner,
    description: fields.desc,
    max: fields.max,
    speaker: fields.speaker,
    guestsAllowed: fields.member,
    password: fields.pwd,
    passAllMessage: fields.passallmessage,
    open: fields.en,
    displayMode: fields.st,
    welcomeMessage: fields.wm,
    audio: fields.audio,
    video: fields.video,
    whiteboard: fields.wb,
    sequence: fields.sequence,
    schedule,
  });
}

/** A setting the command leaves out must not overwrite the room's current value with undefined. */
function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

const SHOWN_VALUE_CHARS = 40;

function clip(value: string): string {
  return value.length > SHOWN_VALUE_CHARS ? `${value.slice(0, SHOWN_VALUE_CHARS)}…` : value;
}
