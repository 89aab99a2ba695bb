import { readRoomRoster } from '../../status/index.ts';
import { defineOperation } from '../operation.ts';

export const roomsOperation = defineOperation({
  name: 'rooms',
  words: ['rooms'],
  summary: 'Every room: id, name and users against capacity',
  params: {},
  examples: ['/chat rooms'],
  destructive: false,
  changesChat: false,
  async run(_params, { services }) {
    const { rooms, warnings } = await services.rooms.list();
    const folder = services.statusFolder(services.group);
    const lines = await Promise.all(
      rooms.map(async (room) => {
        // The Data API counts when it answered; otherwise the room's status file.
        let users = room.userCount;
        if (users === undefined) {
          const roster = await readRoomRoster(folder, room.id);
          users = roster.status === 'ok' ? roster.userNames.length : undefined;
        }
        const occupancy = `${users ?? '?'}${room.capacity === undefined ? '' : `/${room.capacity}`}`;
        return `${room.id} · ${room.name ?? '(name unknown)'} · ${occupancy}`;
      }),
    );
    return {
      title: `Rooms (group ${services.group})`,
      text: rooms.length === 0 ? 'No rooms are known.' : `${rooms.length} rooms · id · name · users/capacity`,
      list: lines.length > 0 ? { heading: 'Rooms', items: lines, pageSize: 50 } : undefined,
      fields:
        warnings.length > 0
          ? [{ label: 'Note', value: warnings.map((warning) => warning.message).join(' ') }]
          : undefined,
      severity: warnings.length > 0 ? 'warning' : 'info',
      visibility: 'private',
    };
  },
});
