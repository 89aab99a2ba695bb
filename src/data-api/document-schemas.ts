/**
 * The three Data API documents, from the parsed root element's content to the values callers use.
 * Attribute names are the server's; the output names say what each value is (see the Server API
 * manual's add_room table for the room attributes' meaning).
 */

import { z } from 'zod';
import {
  type AttributeReading,
  attributeCount,
  attributeText,
  optionalAttributeCount,
  readCount,
  readOptionalCount,
  readOptionalFlag,
  readTextOrEmpty,
} from './attribute-schemas.ts';

const optionalText = z.string().optional();

/**
 * A room's attributes are checked as text, then read in one transform (a transform per attribute
 * made rooms.xml of 5,000 rooms cost 100 ms a read); each attribute that cannot be read is an
 * issue at its own name, as a schema per attribute would report it.
 */
const roomElement = z
  .object({
    id: z.string(),
    name: optionalText,
    max: optionalText,
    desc: optionalText,
    count: optionalText,
    owner: optionalText,
    speaker: optionalText,
    wm: optionalText,
    memberonly: optionalText,
    passallmessage: optionalText,
    en: optionalText,
    st: optionalText,
  })
  .transform((room, context) => {
    let failed = false;
    const read = <T>(name: string, reading: AttributeReading<T>): T | undefined => {
      if (reading.ok) return reading.value;
      context.addIssue({ code: 'custom', message: reading.message, path: [name] });
      failed = true;
      return undefined;
    };
    const value = {
      id: read('id', readCount(room.id)) ?? 0,
      name: read('name', readTextOrEmpty(room.name)) ?? '',
      /** Most users the room holds. */
      capacity: read('max', readOptionalCount(room.max)),
      description: read('desc', readTextOrEmpty(room.desc)) ?? '',
      /** Users in the room when the server answered. */
      userCount: read('count', readOptionalCount(room.count)),
      /** The room's moderator. */
      owner: read('owner', readTextOrEmpty(room.owner)) ?? '',
      speaker: read('speaker', readTextOrEmpty(room.speaker)) ?? '',
      welcomeMessage: read('wm', readTextOrEmpty(room.wm)) ?? '',
      membersOnly: read('memberonly', readOptionalFlag(room.memberonly)),
      /** The moderator chat mode (`passallmessage`). */
      moderatedChat: read('passallmessage', readOptionalFlag(room.passallmessage)),
      /** `en`: open (true) or closed (false). */
      open: read('en', readOptionalFlag(room.en)),
      /** `st`: 0 listed in text and avatar clients, 2 in the avatar client only. */
      displayMode: read('st', readOptionalCount(room.st)),
    };
    return failed ? z.NEVER : value;
  });

export const roomsContent = z
  .object({ room: z.array(roomElement).default([]) })
  .transform((rooms) => rooms.room);

export type Room = z.infer<typeof roomElement>;

/**
 * rooms.xml as the status feed polls it: each room's id and count, the other attributes not read
 * (a poll every few seconds of 5,000 rooms need not decode 60,000 values it does not use).
 */
export const roomCountsContent = z
  .object({ room: z.array(z.object({ id: attributeCount, count: optionalAttributeCount })).default([]) })
  .transform((rooms) => rooms.room.map((room): RoomCount => ({ id: room.id, userCount: room.count })));

export type RoomCount = Pick<Room, 'id' | 'userCount'>;

const userElement = z
  .object({
    name: attributeText,
    nickname: attributeText.optional(),
    roomid: optionalAttributeCount,
  })
  .transform((user) => ({ name: user.name, nickname: user.nickname, roomId: user.roomid }));

export const usersContent = z
  .object({ user: z.array(userElement).default([]) })
  .transform((users) => users.user);

export type OnlineUser = z.infer<typeof userElement>;

export const onlineContent = z
  .object({ cn: attributeCount, ln: attributeCount, rn: attributeCount })
  .transform((online) => ({ connections: online.cn, loggedIn: online.ln, rooms: online.rn }));

export type OnlineTotals = z.infer<typeof onlineContent>;
