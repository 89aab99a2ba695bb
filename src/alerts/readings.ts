/**
 * What one rule sees in an observation: a reading per key (a room, or the whole group), each
 * placed against the rule's threshold. A key without a reading keeps its state: nothing is
 * concluded from a file that could not be read or a capacity nobody knows.
 */

import { parseTypedRoomId } from '../rooms/room-id.ts';
import type { StatusSourceKind } from '../status/index.ts';
import { type AlertRule, clearsBelow } from './alert-rule.ts';
import { type Observation, roomLabel } from './observation.ts';

/** `above`: the condition holds (start); `below`: it has cleared; `between`: inside the hysteresis band. */
export type Level = 'above' | 'between' | 'below';

export type DownReason =
  | { readonly kind: 'unreachable'; readonly detail: string }
  /** `source`: what went quiet (absent in state written before the Data API was a source: the files). */
  | { readonly kind: 'stale'; readonly ageMs: number; readonly source?: StatusSourceKind }
  | { readonly kind: 'stopped'; readonly source?: StatusSourceKind }
  | { readonly kind: 'no-status'; readonly detail: string };

/** What a notice shows about the key; kept in the state so `/chat alerts` can show it too. */
export type ReadingFacts =
  | {
      readonly kind: 'room';
      readonly roomId: number;
      readonly label: string;
      readonly users: number;
      readonly capacity?: number;
    }
  | { readonly kind: 'group'; readonly label: string; readonly value: number }
  | { readonly kind: 'server'; readonly label: string; readonly reasons: readonly DownReason[] };

export interface Reading {
  readonly level: Level;
  readonly facts: ReadingFacts;
}

export const GROUP_KEY = 'group';

export function roomKey(roomId: number): string {
  return `room:${roomId}`;
}

export function roomIdOfKey(key: string): number | undefined {
  const match = /^room:([0-9]+)$/.exec(key);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export interface RoomScope {
  /** Undefined: every room. */
  readonly ids: ReadonlySet<number> | undefined;
  /** Names in the rule's `rooms` that match no room the directory knows (yet). */
  readonly unresolved: readonly string[];
}

/** The rule's `rooms` as ids: ids as written, names (case-insensitive) as the directory knows them. */
export function roomScope(rule: AlertRule, observation: Pick<Observation, 'roomFacts'>): RoomScope {
  if (rule.rooms === undefined) return { ids: undefined, unresolved: [] };
  const ids = new Set<number>();
  const unresolved: string[] = [];
  for (const entry of rule.rooms) {
    if (typeof entry === 'number') {
      ids.add(entry);
      continue;
    }
    const typedId = parseTypedRoomId(entry);
    if (typedId !== undefined) {
      ids.add(typedId);
      continue;
    }
    const wanted = entry.trim().toLowerCase();
    let found = false;
    for (const [id, facts] of observation.roomFacts) {
      if (facts.name?.trim().toLowerCase() !== wanted) continue;
      ids.add(id);
      found = true;
    }
    if (!found) unresolved.push(entry);
  }
  return { ids, unresolved };
}

/**
 * Readings for every key the rule can say something about now (of the rooms, those the
 * observation says may have changed, when it says). `trackedKeys` are the keys the rule has
 * state for: a tracked room whose file is gone reads as empty, so its condition clears.
 */
export function readingsOf(
  rule: AlertRule,
  observation: Observation,
  trackedKeys: readonly string[],
  staleAfterMs: number | undefined,
  now: number,
): Map<string, Reading> {
  const readings = new Map<string, Reading>();
  const { condition } = rule;
  switch (condition.kind) {
    case 'roomUsers':
    case 'roomPercent': {
      const users = observation.roomUsers;
      if (users === undefined) return readings;
      const scope = roomScope(rule, observation);
      const ids = new Set<number>();
      for (const id of observation.changedRooms ?? users.keys())
        if (scope.ids === undefined || scope.ids.has(id)) ids.add(id);
      for (const key of trackedKeys) {
        const id = roomIdOfKey(key);
        if (id !== undefined) ids.add(id);
      }
      for (const id of ids) {
        const facts = observation.roomFacts.get(id);
        const count = users.get(id) ?? 0;
        const capacity = facts?.capacity;
        const value = condition.kind === 'roomUsers' ? count : percentOf(count, capacity);
        // A fill level needs a capacity; without one the room's state stays as it was.
        if (value === undefined) continue;
        readings.set(roomKey(id), {
          level: levelOf(rule, value),
          facts: { kind: 'room', roomId: id, label: roomLabel(id, facts?.name), users: count, capacity },
        });
      }
      return readings;
    }
    case 'loggedIn':
    case 'connections': {
      if (observation.online?.status !== 'ok') return readings;
      const value = observation.online.counts[condition.kind];
      readings.set(GROUP_KEY, {
        level: levelOf(rule, value),
        facts: { kind: 'group', label: `group ${observation.group}`, value },
      });
      return readings;
    }
    case 'serverDown': {
      const reasons = downReasons(observation, staleAfterMs, now);
      if (reasons === undefined) return readings;
      readings.set(GROUP_KEY, {
        level: reasons.length > 0 ? 'above' : 'below',
        facts: { kind: 'server', label: `group ${observation.group}`, reasons },
      });
      return readings;
    }
  }
}

function percentOf(users: number, capacity: number | undefined): number | undefined {
  if (capacity === undefined || !(capacity > 0)) return undefined;
  return (users * 100) / capacity;
}

function levelOf(rule: AlertRule, value: number): Level {
  if (rule.condition.kind === 'serverDown') return 'between';
  if (value >= rule.condition.threshold) return 'above';
  return value < clearsBelow(rule) ? 'below' : 'between';
}

/**
 * Why the server counts as down; empty when it is up; undefined while nothing is known yet (no
 * probe answered and online.txt not read).
 */
export function downReasons(
  observation: Observation,
  staleAfterMs: number | undefined,
  now: number,
): DownReason[] | undefined {
  const { probe, online, newestStatusWriteAt } = observation;
  if (probe === undefined && online === undefined) return undefined;
  const reasons: DownReason[] = [];
  if (probe?.reachable === false) reasons.push({ kind: 'unreachable', detail: probe.reason });
  if (online?.status === 'missing') {
    reasons.push({ kind: 'no-status', detail: online.reason });
  } else if (staleAfterMs !== undefined && newestStatusWriteAt !== undefined) {
    const ageMs = now - newestStatusWriteAt;
    if (ageMs > staleAfterMs) reasons.push({ kind: 'stale', ageMs, ...fromDataApi(observation) });
  }
  // This is how a stopped group shows in the status files: online.txt counts 0 rooms (a stopped
  // group serves none: the emulator writes `0|0|0` and removes the room files), while a running
  // group always serves at least one room. So 0 rooms is taken as "the group is stopped".
  if (online?.status === 'ok' && online.counts.rooms === 0)
    reasons.push({ kind: 'stopped', ...fromDataApi(observation) });
  return reasons;
}

/** Only the Data API is named: a reason without a source is the status files', as before it could be anything else. */
function fromDataApi(observation: Observation): { source?: 'dataApi' } {
  return observation.source === 'dataApi' ? { source: 'dataApi' } : {};
}
