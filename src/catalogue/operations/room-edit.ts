import { defineOperation } from '../operation.ts';
import { kinds, option, positional } from '../param.ts';
import { describeSettings, hasAnySetting, roomSettingOptions, toWireRoomSettings } from './room-settings.ts';

export const roomEditOperation = defineOperation({
  name: 'room.edit',
  words: ['room', 'edit'],
  summary: "Change a room's settings",
  params: {
    room: positional(kinds.room(), 'The room, by id or by name'),
    name: option(kinds.requiredText(100, 'name'), 'A new name'),
    ...roomSettingOptions,
  },
  examples: [
    '/chat room edit Lobby max=300 welcome="Be nice"',
    '/chat room edit 12 name="Help Desk" open=off',
  ],
  destructive: false,
  changesChat: true,
  check: ({ room: _room, ...changes }) =>
    hasAnySetting(changes) ? undefined : 'nothing to change: give at least one option, e.g. max=300',
  async run({ room, name, ...settings }, { services }) {
    await services.server.send({
      type: 'edit_room',
      params: { roomid: room.id, name, ...toWireRoomSettings(settings) },
    });
    if (name !== undefined) await services.rooms.remember(room.id, name);
    else services.rooms.noteEdited();
    const label = name ?? room.name;
    return {
      title: `Room changed: ${label ? `${label} (${room.id})` : `room ${room.id}`}`,
      fields: describeSettings({ ...settings, ...(name === undefined ? {} : { name }) }),
      severity: 'success',
      visibility: 'channel',
    };
  },
});
