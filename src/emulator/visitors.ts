import type { ConnectionView } from './chat-group.ts';
import type { EmulatorState } from './chat-state.ts';
import { type Prng, pickOne, pickWeighted, randomInt } from './prng.ts';
import type { Room } from './room.ts';

/**
 * Simulated visitors, decided one event at a time: given what the chat looks like and a seeded
 * PRNG, what does the next visitor do? Pure apart from the PRNG, so the same seed and the same
 * starting chat give the same sequence of events. visitor-simulation.ts puts this on a timer.
 */

export type VisitorEvent =
  | { readonly kind: 'connect'; readonly group: string }
  | { readonly kind: 'login'; readonly group: string; readonly connectionId: number; readonly user: string }
  | { readonly kind: 'join'; readonly group: string; readonly roomId: number; readonly user: string }
  | { readonly kind: 'leave'; readonly group: string; readonly roomId: number; readonly user: string }
  | { readonly kind: 'disconnect'; readonly group: string; readonly connectionId: number };

export interface GroupScene {
  readonly group: string;
  readonly connections: readonly ConnectionView[];
  readonly rooms: ReadonlyArray<{ readonly room: Room; readonly count: number }>;
}

/** How many connections a group drifts towards: enough for a lively demo, few enough to read. */
export const DEFAULT_CROWD_SIZE = 40;

const MEMBER_NAMES = [
  'alice',
  'bob',
  'carol',
  'dave',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'mallory',
  'niaj',
  'olivia',
  'peggy',
  'rupert',
  'sybil',
  'trent',
  'victor',
  'walter',
  'yasmin',
] as const;

const GUEST_NAME = /^guest_[0-9]+$/;
const MEMBER_SHARE = 0.6;
const GUEST_NAME_TRIES = 20;

/** The running groups of the chat, as the simulation needs to see them. */
export function sceneOf(state: EmulatorState): GroupScene[] {
  return state
    .groups()
    .filter((group) => state.isRunning(group))
    .map((group) => ({
      group,
      connections: state.connections(group),
      rooms: state.rooms(group).map((room) => ({ room, count: state.roomUsers(group, room.id).length })),
    }));
}

export function nextVisitorEvent(
  scene: readonly GroupScene[],
  prng: Prng,
  crowdSize: number = DEFAULT_CROWD_SIZE,
): VisitorEvent | undefined {
  const chosen = pickOne(prng, scene);
  if (chosen === undefined) return undefined;
  const { group, connections } = chosen;
  const anonymous = connections.filter((connection) => connection.user === undefined);
  const inRooms = connections.filter((connection) => connection.roomId !== undefined);
  const couldJoin = lobbyUsersWithARoom(chosen);
  const crowd = connections.length;
  // The crowd drifts towards crowdSize: below it arrivals outweigh departures, above it the
  // reverse; logins and joins keep pace, so most visitors end up named and in a room.
  const kind = pickWeighted(prng, {
    connect: crowd < crowdSize ? 4 : crowd < 2 * crowdSize ? 1 : 0,
    login: anonymous.length > 0 ? 3 : 0,
    join: couldJoin.length > 0 ? 4 : 0,
    leave: inRooms.length > 0 ? 1 : 0,
    disconnect: crowd === 0 ? 0 : crowd > crowdSize ? 3 : 1,
  });
  switch (kind) {
    case 'connect':
      return { kind, group };
    case 'login': {
      const connection = pickOne(prng, anonymous);
      return connection && { kind, group, connectionId: connection.id, user: newUserName(chosen, prng) };
    }
    case 'join': {
      const choice = pickOne(prng, couldJoin);
      const room = choice && pickOne(prng, choice.rooms);
      if (choice === undefined || room === undefined) return undefined;
      return { kind, group, roomId: room.id, user: choice.user };
    }
    case 'leave': {
      const connection = pickOne(prng, inRooms);
      if (connection?.user === undefined || connection.roomId === undefined) return undefined;
      return { kind, group, roomId: connection.roomId, user: connection.user };
    }
    case 'disconnect': {
      const connection = pickOne(prng, connections);
      return connection && { kind, group, connectionId: connection.id };
    }
    case undefined:
      return undefined;
  }
}

export function applyVisitorEvent(state: EmulatorState, event: VisitorEvent): void {
  switch (event.kind) {
    case 'connect':
      state.connect(event.group);
      return;
    case 'login':
      state.login(event.group, event.connectionId, event.user);
      return;
    case 'join':
      state.join(event.group, event.roomId, event.user);
      return;
    case 'leave':
      state.leave(event.group, event.roomId, event.user);
      return;
    case 'disconnect':
      state.disconnect(event.group, event.connectionId);
      return;
  }
}

export function isGuestName(user: string): boolean {
  return GUEST_NAME.test(user);
}

/**
 * A visitor only walks into a room they could really enter: open, not full, without a password,
 * and not members-only when they are a guest.
 */
function canEnter(user: string, { room, count }: { room: Room; count: number }): boolean {
  return room.open && count < room.max && room.password === '' && (room.guestsAllowed || !isGuestName(user));
}

function lobbyUsersWithARoom({ connections, rooms }: GroupScene): Array<{ user: string; rooms: Room[] }> {
  return connections.flatMap(({ user, roomId }) => {
    if (user === undefined || roomId !== undefined) return [];
    const enterable = rooms.filter((entry) => canEnter(user, entry)).map((entry) => entry.room);
    return enterable.length > 0 ? [{ user, rooms: enterable }] : [];
  });
}

function newUserName({ connections }: GroupScene, prng: Prng): string {
  const taken = new Set(connections.flatMap(({ user }) => (user === undefined ? [] : [user])));
  const freeMembers = MEMBER_NAMES.filter((name) => !taken.has(name));
  const member = prng() < MEMBER_SHARE ? pickOne(prng, freeMembers) : undefined;
  if (member !== undefined) return member;
  for (let tries = 0; tries < GUEST_NAME_TRIES; tries += 1) {
    const guest = `guest_${randomInt(prng, 1000, 9999)}`;
    if (!taken.has(guest)) return guest;
  }
  // A crowd this large is far beyond any demo; count up from 10000 until a name is free.
  let number = 10_000;
  while (taken.has(`guest_${number}`)) number += 1;
  return `guest_${number}`;
}
