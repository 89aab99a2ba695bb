import { defineOperation } from '../operation.ts';
import { kinds, positional } from '../param.ts';
import { describeSettings, roomSettingOptions, toWireRoomSettings } from './room-settings.ts';

export const roomAddOperation = defineOperation({
  name: 'room.add',
  words: ['room', 'add'],
  summary: 'Add a room',
  params: {
    name: positional(kinds.requiredText(100, 'name'), 'The new room name'),
    ...roomSettingOptions,
  },
  examples: [
    '/chat room add "Test Room" max=200 owner=aaa desc="room for test" guests=off',
    '/chat room add Quiz hours="day2 00:00-10:00" welcome="Hi" whiteboard=on',
  ],
  destructive: false,
  changesChat: true,
  async run({ name, ...settings }, { services }) {
    const outcome = await services.server.send({
      type: 'add_room',
      params: { name, ...toWireRoomSettings(settings) },
    });
    const roomId = outcome.roomId ?? 0;
    await services.rooms.remember(roomId, name);
    return {
      title: `Room added: ${name} (${roomId})`,
      fields: [{ label: 'id', value: String(roomId) }, ...describeSettings(settings)],
      severity: 'success',
      visibility: 'channel',
    };
  },
});
