/**
 * The status feed: the one thing that follows a chat server and hands out what it sees. One
 * feed per server; its consumers (alerts, occupancy history) subscribe and never read, watch or
 * poll a source themselves. The status files are one source (FilesStatusFeed); the HTTP Data
 * API is meant to be another behind the same interface.
 */

import type { StatusSnapshot } from './status-snapshot.ts';

/** What the source reported as changed since the last update: the files rewritten, new or gone. */
export interface ChangedStatus {
  readonly online: boolean;
  /** Room ids, in the order reported. */
  readonly rooms: readonly number[];
}

export type StatusUpdate =
  /** The source reported changes; the snapshot has them read. */
  | { readonly cause: 'change'; readonly changed: ChangedStatus; readonly snapshot: StatusSnapshot }
  /** Everything read again on the tick a subscriber asked for, whether anything changed or not. */
  | { readonly cause: 'tick'; readonly snapshot: StatusSnapshot }
  /** The periodic check a subscriber asked for: reachability probed (if wanted), the totals' age read again. */
  | { readonly cause: 'check'; readonly snapshot: StatusSnapshot };

export type StatusListener = (update: StatusUpdate) => unknown;

/** What a subscriber needs beyond the changes; the feed serves what its subscribers need together. */
export interface StatusNeeds {
  /**
   * A full read every this many ms, handed out as a `tick` (the occupancy history's minute).
   * A minute is counted on the clock: the tick comes just after each minute begins.
   */
  readonly tickEveryMs?: number;
  /** A `check` every this many ms: the data's age (and reachability) looked at with no change to report. */
  readonly checkEveryMs?: number;
  /** The server's reachability, probed before the first snapshot and at every check. */
  readonly reachability?: boolean;
}

export interface StatusSubscription {
  /**
   * Resolves with a snapshot read after the subscription was made (and, if wanted, after a
   * probe); updates follow from then on.
   */
  readonly ready: Promise<StatusSnapshot>;
  /** Stops the updates to this subscriber; the feed goes on for the others. */
  close(): Promise<void>;
}

export interface StatusFeed {
  /** The server followed; today the chat group's name. */
  readonly server: string;
  /** The last snapshot handed out or made ready; undefined before the first read. */
  readonly current: StatusSnapshot | undefined;
  subscribe(listener: StatusListener, needs?: StatusNeeds): StatusSubscription;
  /** Reads everything now and hands it out to every subscriber as a `tick`. */
  readNow(): Promise<StatusSnapshot>;
  /** Resolves once what the source has reported so far is read and handed out. */
  settled(): Promise<void>;
  /** Stops following; once the promise resolves no listener is called any more. */
  close(): Promise<void>;
}
