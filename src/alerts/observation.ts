/**
 * What the engine knows of the chat server at one moment: the status feed's snapshot (the status
 * files as last read, the last liveness probe) and the room directory's names and capacities.
 * Rules are evaluated against it; nothing here reads a file or opens a socket.
 */

import {
  type OnlineReading,
  type Reachability,
  roomCountsOf,
  type StatusSnapshot,
  type StatusSourceKind,
} from '../status/index.ts';

export type { OnlineReading } from '../status/index.ts';

export interface RoomFacts {
  readonly name?: string;
  /** Most users the room holds: the Data API's, else the configured one. */
  readonly capacity?: number;
}

/** The liveness probe's answer: the status feed's reachability. */
export type ProbeResult = Reachability;

export interface Observation {
  /** The chat group, for messages. */
  readonly group: string;
  /**
   * Users per room, for the rooms that have a status file (a room without one has nobody in it).
   * Undefined until the folder has been read, and while it cannot be.
   */
  readonly roomUsers: ReadonlyMap<number, number> | undefined;
  readonly roomFacts: ReadonlyMap<number, RoomFacts>;
  /** Undefined until online.txt has been read (an unreadable read keeps the previous value). */
  readonly online: OnlineReading | undefined;
  /** The newest modification time (ms since the epoch) seen on any status file. */
  readonly newestStatusWriteAt: number | undefined;
  /** Undefined until the first probe has answered (and when no rule needs one). */
  readonly probe: ProbeResult | undefined;
  /** Where the status was read from (undefined before the first snapshot): for the notices' words. */
  readonly source: StatusSourceKind | undefined;
  /**
   * The rooms whose users may have changed since the evaluation before; absent: any room may
   * have. A room outside it that the state does not track reads as it did then, when it gave
   * nothing to track, so only these rooms and the tracked ones need a reading (on a server of
   * 5,000 rooms, reading every room at each change was most of the bot's work).
   */
  readonly changedRooms?: ReadonlySet<number>;
}

export function roomLabel(roomId: number, name: string | undefined): string {
  return name === undefined ? `room ${roomId}` : `${name} (${roomId})`;
}

/** The observation of a feed's snapshot (undefined: nothing read yet) with the rooms' facts. */
export function observe(
  group: string,
  snapshot: StatusSnapshot | undefined,
  roomFacts: ReadonlyMap<number, RoomFacts>,
  changedRooms?: ReadonlySet<number>,
): Observation {
  return {
    ...(changedRooms === undefined ? {} : { changedRooms }),
    group,
    roomUsers: roomCountsOf(snapshot),
    roomFacts,
    online: snapshot?.online,
    newestStatusWriteAt: snapshot?.newestWriteAt,
    probe: snapshot?.reachability,
    source: snapshot?.source,
  };
}
