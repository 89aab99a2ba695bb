import { defineOperation } from '../operation.ts';
import { kinds, positional } from '../param.ts';

export const roomDeleteOperation = defineOperation({
  name: 'room.delete',
  words: ['room', 'delete'],
  summary: 'Delete a room; everyone in it leaves',
  params: { room: positional(kinds.room(), 'The room, by id or by name') },
  examples: ['/chat room delete 12', '/chat room delete "Help Desk"'],
  destructive: true,
  changesChat: true,
  confirmQuestion: ({ room }) =>
    `Delete room ${room.name ? `"${room.name}" (${room.id})` : room.id}? Everyone in it leaves the room.`,
  async run({ room }, { services }) {
    await services.server.send({ type: 'del_room', params: { room_id: room.id } });
    await services.rooms.forget(room.id);
    return {
      title: `Room deleted: ${room.name ? `${room.name} (${room.id})` : `room ${room.id}`}`,
      severity: 'success',
      visibility: 'channel',
    };
  },
});
