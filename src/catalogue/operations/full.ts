import { defineOperation } from '../operation.ts';
import { kinds, optionalPositional } from '../param.ts';
import { occupancyLine, type RoomOccupancy, roomOccupancies } from './room-occupancy.ts';

const DEFAULT_PERCENT = 90;

/**
 * `/chat full [percent]`: the rooms at or over a share of their capacity (90 % unless given),
 * fullest first. A room whose capacity or count is unknown cannot be judged and is counted apart.
 */
export const fullOperation = defineOperation({
  name: 'full',
  words: ['full'],
  summary: 'Rooms at or over 90 % of their capacity (or the share given), fullest first',
  params: {
    percent: optionalPositional(
      kinds.integer(1, 100, 'percent'),
      `How full a room must be, in percent of its capacity (default ${DEFAULT_PERCENT})`,
    ),
  },
  examples: ['/chat full', '/chat full 75'],
  destructive: false,
  changesChat: false,
  async run({ percent = DEFAULT_PERCENT }, { services }) {
    const { rooms, warnings } = await roomOccupancies(services);
    const judged = rooms.filter(isJudged);
    const full = judged
      .filter((room) => room.users * 100 >= percent * room.capacity)
      .sort((a, b) => b.users / b.capacity - a.users / a.capacity || a.id - b.id);
    const unjudged = rooms.length - judged.length;
    const notes = [
      ...(unjudged > 0 ? [`${unjudged} of ${rooms.length} rooms have no known capacity or count.`] : []),
      ...warnings.map((warning) => warning.message),
    ];
    return {
      title: `Rooms at or over ${percent} % (group ${services.group})`,
      text:
        full.length === 0
          ? `No room is at or over ${percent} % of its capacity.`
          : `${full.length} of ${judged.length} rooms · id · name · users/capacity`,
      list:
        full.length > 0
          ? { heading: `At or over ${percent} %`, items: full.map(occupancyLine), pageSize: 50 }
          : undefined,
      fields: notes.length > 0 ? [{ label: 'Note', value: notes.join(' ') }] : undefined,
      severity: warnings.length > 0 ? 'warning' : 'info',
      visibility: 'private',
    };
  },
});

/** A room with a known count and a capacity above zero: one whose fullness can be said. */
function isJudged(room: RoomOccupancy): room is RoomOccupancy & { users: number; capacity: number } {
  return room.users !== undefined && room.capacity !== undefined && room.capacity > 0;
}
