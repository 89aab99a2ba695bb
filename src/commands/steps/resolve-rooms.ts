import type { Operation, ResolvedRoom } from '../../catalogue/operation.ts';
import { usageLine } from '../../catalogue/usage.ts';
import type { RoomReadings } from '../../grammar/parse-line.ts';
import type { Reply } from '../../replies/reply.ts';
import type { RoomDirectory, RoomResolution } from '../../rooms/index.ts';
import { type Attempt, required } from '../attempt.ts';
import { invalidReply } from '../invalid-reply.ts';
import type { Next, Step } from '../run-steps.ts';
import { validateInto } from './validate.ts';

type Rooms = Pick<RoomDirectory, 'resolve'>;

/** Users name rooms as they see them; handlers get the room's id, and an unknown name is refused before anything runs. */
export function resolveRoomsStep(rooms: Rooms): Step {
  const resolveAll = async (attempt: Attempt, names: readonly string[], next: Next) => {
    const operation = required(attempt.operation);
    const readings = attempt.roomReadings;
    // A room with two readings first: choosing one validates its values again, replacing the params.
    const ordered =
      readings === undefined || !names.includes(readings.param)
        ? names
        : [readings.param, ...names.filter((name) => name !== readings.param)];
    for (const name of ordered) {
      const read = readings?.param === name ? await chooseReading(attempt, readings, rooms) : undefined;
      if (read !== undefined && 'refused' in read) return read.refused;
      // Read the params now: choosing a reading may have replaced them.
      const params = required(attempt.params);
      const typed = params[name];
      let resolution = read?.resolution;
      if (resolution === undefined) {
        if (typeof typed !== 'string') continue;
        resolution = await rooms.resolve(typed);
      }
      if (resolution.kind !== 'found') return invalidReply(attempt, resolution.message, usageLine(operation));
      params[name] = { id: resolution.id, name: resolution.name } satisfies ResolvedRoom;
    }
    return next();
  };
  return {
    name: 'resolve-rooms',
    run(attempt, next) {
      const names = roomParamsOf(required(attempt.operation));
      return names.length === 0 ? next() : resolveAll(attempt, names, next);
    },
  };
}

type Reading = { refused: Reply } | { resolution: RoomResolution };

/**
 * A room typed without quotes that may take the words after it (see RoomReadings): a name the
 * directory knows with every word (`stats Help Desk`) is that room; else the reading the grammar
 * chose, unless that is the longer one and only the shorter room is known (`stats Lobby 1x`: the
 * room Lobby, and its period checked as any other, so refused). Undefined: resolve as usual.
 */
async function chooseReading(
  attempt: Attempt,
  readings: RoomReadings,
  rooms: Rooms,
): Promise<Reading | undefined> {
  const longer = await rooms.resolve(readings.longer[readings.param] ?? '');
  if (isKnown(longer)) return adopt(attempt, readings, 'longer', longer);
  if (readings.read === 'shorter') return undefined;
  const shorter = await rooms.resolve(readings.shorter[readings.param] ?? '');
  if (isKnown(shorter)) return adopt(attempt, readings, 'shorter', shorter);
  // Neither is a room: the longer name gets the nearest names.
  return { resolution: longer };
}

/** The directory has rooms of that name (one, or several to choose from by id). */
function isKnown(resolution: RoomResolution): boolean {
  return resolution.kind === 'found' || resolution.kind === 'ambiguous';
}

function adopt(
  attempt: Attempt,
  readings: RoomReadings,
  reading: RoomReadings['read'],
  resolution: RoomResolution,
): Reading {
  const refused = reading === readings.read ? undefined : validateInto(attempt, { ...readings[reading] });
  return refused === undefined ? { resolution } : { refused };
}

const roomParams = new WeakMap<Operation, readonly string[]>();

/** The names of the operation's room parameters, worked out once: most operations have none. */
function roomParamsOf(operation: Operation): readonly string[] {
  let names = roomParams.get(operation);
  if (names === undefined) {
    names = Object.entries(operation.params)
      .filter(([, param]) => param.input.type === 'room')
      .map(([name]) => name);
    roomParams.set(operation, names);
  }
  return names;
}
