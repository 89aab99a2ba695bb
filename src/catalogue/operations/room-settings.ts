import type { ServerCommandParams } from '../../protocol/server-commands.ts';
import type { OpeningTime } from '../input-values.ts';
import type { OperationParams } from '../operation.ts';
import { kinds, option } from '../param.ts';

/**
 * The room settings moderators type, under human names, and their wire names: guests -> member,
 * moderated -> passallmessage, open -> en, display -> st, welcome -> wm, whiteboard -> wb,
 * hours -> roomOpen.
 */
export const roomSettingOptions = {
  max: option(kinds.integer(1, 100_000), 'Most users the room holds'),
  owner: option(kinds.text(64, 'user'), 'The room moderator'),
  desc: option(kinds.text(500), 'Description'),
  speaker: option(kinds.text(64, 'user'), 'The room speaker'),
  password: option(kinds.text(64, 'password'), 'Password to enter the room (empty for none)'),
  guests: option(kinds.flag(), 'Whether guests may enter'),
  moderated: option(kinds.flag(), 'Moderator chat mode: messages wait for approval'),
  open: option(kinds.flag(), 'Whether the room is open'),
  display: option(
    kinds.choice(['text', 'avatar']),
    'text: listed in text and avatar clients; avatar: avatar client only',
  ),
  welcome: option(kinds.text(500), 'Welcome message'),
  audio: option(kinds.flag(), 'Audio (needs the audio/video module)'),
  video: option(kinds.flag(), 'Video (needs the audio/video module)'),
  whiteboard: option(kinds.flag(), 'Whiteboard (needs the whiteboard module)'),
  hours: option(kinds.hours(), 'Opening hours, e.g. "day2 00:00-10:00" (needs the event module)'),
};

type WireRoomSettings = Omit<ServerCommandParams<'edit_room'>, 'roomid' | 'name'>;

export type RoomSettingValues = Partial<OperationParams<typeof roomSettingOptions>>;

export function toWireRoomSettings(values: RoomSettingValues): WireRoomSettings {
  return {
    owner: values.owner,
    desc: values.desc,
    max: values.max,
    speaker: values.speaker,
    member: values.guests,
    pwd: values.password,
    passallmessage: values.moderated,
    en: values.open,
    st: values.display === undefined ? undefined : values.display === 'avatar' ? 2 : 0,
    wm: values.welcome,
    audio: values.audio,
    video: values.video,
    wb: values.whiteboard,
    roomOpen: values.hours,
  };
}

export function hasAnySetting(values: RoomSettingValues): boolean {
  return Object.values(values).some((value) => value !== undefined);
}

/** The settings as a moderator reads them back, the password hidden. */
export function describeSettings(values: RoomSettingValues): Array<{ label: string; value: string }> {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ({ label: key, value: key === 'password' ? '(set)' : describeValue(value) }));
}

function describeValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value))
    return value.map((time: OpeningTime) => `${time.o} ${time.s}-${time.e}`).join(', ');
  return String(value);
}
