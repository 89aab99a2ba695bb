/**
 * What a status feed knows of one chat server at one moment, whatever the source (the status
 * files today, the HTTP Data API next): immutable, so a consumer may keep one as long as it likes.
 */

import type { OnlineCounts } from './online-counts.ts';
import type { StatusSourceKind } from './status-source.ts';

/** online.txt (or the Data API's online totals) as last read. */
export type OnlineReading =
  | { readonly status: 'ok'; readonly counts: OnlineCounts }
  /** No online.txt (the group has not run since its folder was made), or no status folder at all. */
  | { readonly status: 'missing'; readonly reason: string };

/** Whether the chat server answers (the Server API's port accepts a connection). */
export type Reachability =
  | { readonly reachable: true }
  | { readonly reachable: false; readonly reason: string };

export interface StatusSnapshot {
  /** The server followed; today the chat group's name. */
  readonly server: string;
  /** What the snapshot was read from, for messages: the status files or the Data API. */
  readonly source: StatusSourceKind;
  /**
   * Users per room, for the rooms with at least one user (a room without a file, or with an
   * empty one, has nobody in it). Undefined until the rooms have been listed, and while they cannot be.
   */
  readonly roomUsers: ReadonlyMap<number, number> | undefined;
  /**
   * The same users per room, shared with the snapshots before it rather than copied: what the
   * alerts and the history read (roomCountsOf), a few rooms at each change. A feed that has it
   * builds roomUsers (and rosters) only when asked for: on a server of 5,000 rooms a Map of every
   * room at each change was most of the bot's work. Undefined when roomUsers is, or not offered.
   */
  readonly roomCounts?: ReadonlyMap<number, number> | undefined;
  /**
   * The user names of the same rooms, one entry per line of the room's file. The Data API's feed
   * keeps none (it would cost a request per room per poll): a command asks for the room it shows.
   */
  readonly rosters?: ReadonlyMap<number, readonly string[]> | undefined;
  /** Undefined until online.txt has been read (an unreadable read keeps the previous value). */
  readonly online: OnlineReading | undefined;
  /**
   * The data's age: the newest modification time (ms since the epoch) seen on any status file, or
   * when the Data API last answered every request of a poll.
   */
  readonly newestWriteAt: number | undefined;
  /**
   * The files (or Data API endpoints) whose last read gave no trustworthy value (path -> reason):
   * their previous value is kept. Empty when everything read cleanly.
   */
  readonly unreadable: ReadonlyMap<string, string>;
  /** Undefined until a subscriber that wants it has had the server probed. */
  readonly reachability: Reachability | undefined;
}

/** A snapshot's users per room, the shared way when its feed offers it. */
export function roomCountsOf(
  snapshot: Pick<StatusSnapshot, 'roomUsers' | 'roomCounts'> | undefined,
): ReadonlyMap<number, number> | undefined {
  return snapshot?.roomCounts ?? snapshot?.roomUsers;
}
