import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertsState } from '../../src/alerts/alert-state.ts';
import { EMPTY_STATE } from '../../src/alerts/alert-state.ts';
import { evaluate } from '../../src/alerts/evaluate.ts';
import type { Observation } from '../../src/alerts/observation.ts';
import { rule } from './engine-fixture.ts';

/**
 * The engine reads only the rooms that changed since the evaluation before, and the rooms it
 * tracks: over any sequence of rooms' counts and times, that gives the same states and notices as
 * reading every room each time.
 */

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const ROOMS = [1, 2, 3, 4, 5, 6];
const rules = [
  rule({ name: 'busy', condition: { kind: 'roomUsers', threshold: 5 }, margin: 1, cooldownMs: 3 * 60_000 }),
  rule({ name: 'full', condition: { kind: 'roomPercent', threshold: 80 }, cooldownMs: 0 }),
  rule({ name: 'lobby', condition: { kind: 'roomUsers', threshold: 3 }, rooms: ['Lobby', 4] }),
];
const context = { rules, staleAfterMs: undefined };

function observation(users: ReadonlyMap<number, number>, changedRooms?: ReadonlySet<number>): Observation {
  return {
    group: 'default',
    roomUsers: users,
    roomFacts: new Map([
      [1, { name: 'Lobby', capacity: 10 }],
      [2, { capacity: 5 }],
    ]),
    online: { status: 'ok', counts: { connections: 10, loggedIn: 10, rooms: 6 } },
    newestStatusWriteAt: T0,
    probe: { reachable: true },
    source: 'files',
    ...(changedRooms === undefined ? {} : { changedRooms }),
  };
}

const step = fc.record({
  // A room left out, or with 0, has nobody in it.
  users: fc.dictionary(fc.constantFrom(...ROOMS.map(String)), fc.integer({ min: 0, max: 9 })),
  afterMs: fc.constantFrom(0, 1_000, 60_000, 4 * 60_000),
});

describe('evaluation of the changed rooms only', () => {
  it('gives the states and notices of an evaluation of every room', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        let everyRoom: AlertsState = EMPTY_STATE;
        let changedOnly: AlertsState = EMPTY_STATE;
        let before: ReadonlyMap<number, number> | undefined;
        let now = T0;
        for (const { users: counts, afterMs } of steps) {
          now += afterMs;
          const users = new Map(
            Object.entries(counts)
              .filter(([, count]) => count > 0)
              .map(([id, count]) => [Number(id), count]),
          );
          const changed =
            before === undefined
              ? undefined
              : new Set(ROOMS.filter((id) => (before?.get(id) ?? 0) !== (users.get(id) ?? 0)));
          const full = evaluate(context, everyRoom, observation(users), now);
          const partial = evaluate(context, changedOnly, observation(users, changed), now);
          expect(partial.notices).toEqual(full.notices);
          expect(partial.state).toEqual(full.state);
          everyRoom = full.state;
          changedOnly = partial.state;
          before = users;
        }
      }),
      { numRuns: 500 },
    );
  });
});
