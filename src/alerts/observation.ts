/**
 * What the engine knows of the chat server at one moment: the status feed's snapshot (the status
 * files as last read, the last liveness probe) and the room directory's names and capacities.
 * Rules are evaluated against it; nothing here reads a file or opens a socket.
 */

import type { OnlineReading, Reachability, StatusSnapshot, StatusSourceKind } from '../status/index.ts';

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
}

export function roomLabel(roomId: number, name: string | undefined): string {
  return name === undefined ? `room ${roomId}` : `${name} (${roomId})`;
}

/** The observation of a feed's snapshot (undefined: nothing read yet) with the rooms' facts. */
export function observe(
  group: string,
  snapshot: StatusSnapshot | undefined,
  roomFacts: ReadonlyMap<number, RoomFacts>,
): Observation {
  return {
    group,
    roomUsers: snapshot?.roomUsers,
    roomFacts,
    online: snapshot?.online,
    newestStatusWriteAt: snapshot?.newestWriteAt,
    probe: snapshot?.reachability,
    source: snapshot?.source,
  };
}
