/**
 * The three Data API documents, from the parsed root element's content to the values callers use.
 * Attribute names are the server's; the output names say what each value is (see the Server API
 * manual's add_room table for the room attributes' meaning).
 */

import { z } from 'zod';
import {
  attributeCount,
  attributeText,
  attributeTextOrEmpty,
  optionalAttributeCount,
  optionalAttributeFlag,
} from './attribute-schemas.ts';

const roomElement = z
  .object({
    id: attributeCount,
    name: attributeTextOrEmpty,
    max: optionalAttributeCount,
    desc: attributeTextOrEmpty,
    count: optionalAttributeCount,
    owner: attributeTextOrEmpty,
    speaker: attributeTextOrEmpty,
    wm: attributeTextOrEmpty,
    memberonly: optionalAttributeFlag,
    passallmessage: optionalAttributeFlag,
    en: optionalAttributeFlag,
    st: optionalAttributeCount,
  })
  .transform((room) => ({
    id: room.id,
    name: room.name,
    /** Most users the room holds. */
    capacity: room.max,
    description: room.desc,
    /** Users in the room when the server answered. */
    userCount: room.count,
    /** The room's moderator. */
    owner: room.owner,
    speaker: room.speaker,
    welcomeMessage: room.wm,
    membersOnly: room.memberonly,
    /** The moderator chat mode (`passallmessage`). */
    moderatedChat: room.passallmessage,
    /** `en`: open (true) or closed (false). */
    open: room.en,
    /** `st`: 0 listed in text and avatar clients, 2 in the avatar client only. */
    displayMode: room.st,
  }));

export const roomsContent = z
  .object({ room: z.array(roomElement).default([]) })
  .transform((rooms) => rooms.room);

export type Room = z.infer<typeof roomElement>;

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
