/**
 * What the engine knows of the chat server at one moment: the status files as last read, the
 * room directory's names and capacities, and the last liveness probe. Rules are evaluated
 * against it; nothing here reads a file or opens a socket.
 */

import type { OnlineCounts } from '../status/index.ts';

export interface RoomFacts {
  readonly name?: string;
  /** Most users the room holds: the Data API's, else the configured one. */
  readonly capacity?: number;
}

/** online.txt as last read. */
export type OnlineReading =
  | { readonly status: 'ok'; readonly counts: OnlineCounts }
  /** No online.txt (the group has not run since its folder was made), or no status folder at all. */
  | { readonly status: 'missing'; readonly reason: string };

export type ProbeResult =
  | { readonly reachable: true }
  | { readonly reachable: false; readonly reason: string };

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
}

export function roomLabel(roomId: number, name: string | undefined): string {
  return name === undefined ? `room ${roomId}` : `${name} (${roomId})`;
}
