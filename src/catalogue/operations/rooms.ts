import { defineOperation } from '../operation.ts';
import { occupancyLine, roomOccupancies } from './room-occupancy.ts';

export const roomsOperation = defineOperation({
  name: 'rooms',
  words: ['rooms'],
  summary: 'Every room: id, name and users against capacity',
  params: {},
  examples: ['/chat rooms'],
  destructive: false,
  changesChat: false,
  async run(_params, { services }) {
    const { rooms, warnings } = await roomOccupancies(services);
    const lines = rooms.map(occupancyLine);
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
