import type { CoreServices } from '../services.ts';

export interface RoomOccupancy {
  id: number;
  name?: string;
  /** Undefined when neither the room list nor the room's roster could say. */
  users?: number;
  capacity?: number;
}

/**
 * Every room with its users and capacity: the Data API's counts when it answered, otherwise
 * each room's status file. The warnings say what could not be read.
 */
export async function roomOccupancies(
  services: CoreServices,
): Promise<{ rooms: RoomOccupancy[]; warnings: readonly { message: string }[] }> {
  const { rooms, warnings } = await services.rooms.list();
  const occupancies = await Promise.all(
    rooms.map(async (room): Promise<RoomOccupancy> => {
      let users = room.userCount;
      if (users === undefined) {
        const roster = await services.status.roster(room.id);
        users = roster.status === 'ok' ? roster.userNames.length : undefined;
      }
      return { id: room.id, name: room.name, users, capacity: room.capacity };
    }),
  );
  return { rooms: occupancies, warnings };
}

/** `12 · Lobby · 45/50`: a room in a list. */
export function occupancyLine(room: RoomOccupancy): string {
  const occupancy = `${room.users ?? '?'}${room.capacity === undefined ? '' : `/${room.capacity}`}`;
  return `${room.id} · ${room.name ?? '(name unknown)'} · ${occupancy}`;
}
