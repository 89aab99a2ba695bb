import type { Operation, ResolvedRoom } from '../../catalogue/operation.ts';
import { usageLine } from '../../catalogue/usage.ts';
import type { RoomDirectory } from '../../rooms/index.ts';
import { type Attempt, required } from '../attempt.ts';
import { invalidReply } from '../invalid-reply.ts';
import type { Next, Step } from '../run-steps.ts';

/** Users name rooms as they see them; handlers get the room's id, and an unknown name is refused before anything runs. */
export function resolveRoomsStep(rooms: Pick<RoomDirectory, 'resolve'>): Step {
  const resolveAll = async (attempt: Attempt, names: readonly string[], next: Next) => {
    const operation = required(attempt.operation);
    const params = required(attempt.params);
    for (const name of names) {
      const typed = params[name];
      if (typeof typed !== 'string') continue;
      const resolution = await rooms.resolve(typed);
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
