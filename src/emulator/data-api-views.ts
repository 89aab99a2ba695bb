import { escapeAttribute } from '../protocol/xml-text.ts';
import type { OnlineCounts } from './chat-group.ts';
import type { Room } from './room.ts';

/**
 * The Data API's answers, as the vendor's Data API page shows them: every value a string, the
 * XML form a list of empty elements, the `.js` form `var <name> = <JSON>;` of the same values.
 */

export type Values = Readonly<Record<string, string>>;

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** Attribute order follows the vendor's list; the room password is never shown. */
export function roomValues(room: Room, count: number): Values {
  return {
    id: String(room.id),
    name: room.name,
    max: String(room.max),
    desc: room.description,
    count: String(count),
    owner: room.owner,
    speaker: room.speaker,
    wm: room.welcomeMessage,
    memberonly: digit(!room.guestsAllowed),
    passallmessage: digit(room.passAllMessage),
    en: digit(room.open),
    st: String(room.displayMode),
  };
}

/** The emulator has no separate nicknames: a user's nickname is their name. */
export function userValues(name: string, roomId: number): Values {
  return { name, nickname: name, roomid: String(roomId) };
}

export function onlineValues(online: OnlineCounts): Values {
  return { cn: String(online.connections), ln: String(online.loggedIn), rn: String(online.rooms) };
}

export function renderXmlList(listName: string, itemName: string, items: readonly Values[]): string {
  return `${XML_DECLARATION}<${listName}>${items.map((item) => xmlElement(itemName, item)).join('')}</${listName}>`;
}

export function renderXmlElement(name: string, values: Values): string {
  return `${XML_DECLARATION}${xmlElement(name, values)}`;
}

export function renderJsList(variable: string, items: readonly Values[]): string {
  if (items.length === 0) return `var ${variable} = [];`;
  return `var ${variable} = [ ${items.map((item) => JSON.stringify(item)).join(', ')} ];`;
}

export function renderJsObject(variable: string, values: Values): string {
  return `var ${variable} = ${JSON.stringify(values)};`;
}

function xmlElement(name: string, values: Values): string {
  const attributes = Object.entries(values).map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`);
  return `<${name}${attributes.join('')}/>`;
}

function digit(on: boolean): string {
  return on ? '1' : '0';
}
