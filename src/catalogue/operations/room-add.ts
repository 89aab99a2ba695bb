import { defineOperation } from '../operation.ts';
import { kinds, positional } from '../param.ts';
import { describeSettings, roomSettingOptions, toWireRoomSettings } from './room-settings.ts';

export const roomAddOperation = defineOperation({
  name: 'room.add',
  words: ['room', 'add'],
  summary: 'Add a room',
  params: {
    name: { ...positional(kinds.requiredText(100, 'name'), 'The new room name'), spansWords: true },
    ...roomSettingOptions,
  },
  examples: [
    '/chat room add "Test Room" max=200 owner=aaa desc="room for test" guests=off',
    '/chat room add Quiz hours="day2 00:00-10:00" welcome="Hi" whiteboard=on',
  ],
  destructive: false,
  changesChat: true,
  async confirmIf({ name }, { services }) {
    // A second room of the same name would make every later `who <name>` ambiguous.
    const existing = await services.rooms.resolve(name);
    if (existing.kind === 'found' && existing.by === 'name')
      return `A room called ${JSON.stringify(existing.name ?? name)} already exists (id ${existing.id}). Add another room of the same name?`;
    if (existing.kind === 'ambiguous')
      return `Rooms called ${JSON.stringify(name)} already exist (ids ${existing.candidates.map((room) => room.id).join(', ')}). Add another room of the same name?`;
    return undefined;
  },
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
