/**
 * What a command reads of the chat server's status when it is asked (`/chat status`, `/chat who`,
 * `/chat rooms`, the health check), whatever the source: the status files on this machine, or
 * the HTTP Data API when the bot runs elsewhere. The status feed (status-feed.ts) is the other
 * view: it follows the same source and hands out changes to the alerts and the history.
 */

import type { OnlineCounts } from './online-counts.ts';
import type { MissingFolder, Unreadable } from './read-outcomes.ts';

export type StatusSourceKind = 'files' | 'dataApi';

/** The Data API did not answer usefully, and nothing it said before is kept to show instead. */
export interface Unavailable {
  readonly status: 'unavailable';
  /** `host:port/path`, never the full URL (it may carry credentials). */
  readonly endpoint: string;
  /** A sentence for moderators: what went wrong. */
  readonly reason: string;
}

export type StatusProblem = MissingFolder | Unreadable | Unavailable;

/** How old the data is, and why it is older than it should be when the source failed just now. */
export interface DataAge {
  /** Files: since the server last rewrote the file. Data API: since the answer was received. */
  readonly ageMs: number;
  /**
   * Set when the source failed just now and this is the last good answer instead: what failed.
   * Undefined when the data was read just now.
   */
  readonly staleBecause?: string;
}

export type OnlineNow =
  | ({ readonly status: 'ok'; readonly counts: OnlineCounts } & DataAge)
  /** The status folder holds no `online.txt`: the group has not run since the folder was made. */
  | { readonly status: 'absent'; readonly path: string }
  | StatusProblem;

export type RosterNow =
  | ({ readonly status: 'ok'; readonly userNames: readonly string[] } & DataAge)
  /** Nobody is in the room as far as the source can tell (no file, or an empty list), or no such room. */
  | { readonly status: 'absent' }
  | StatusProblem;

export type RoomIdsNow = { readonly status: 'ok'; readonly roomIds: readonly number[] } | StatusProblem;

export interface StatusSource {
  readonly kind: StatusSourceKind;
  /** Where the data comes from, for messages: the status folder, or the Data API's host and port. */
  readonly location: string;
  /** Connections, logged-in users and rooms. Never rejects. */
  online(): Promise<OnlineNow>;
  /** The user names in one room, as the server lists them. Never rejects for the source's trouble. */
  roster(roomId: number): Promise<RosterNow>;
  /**
   * The ids of rooms the source knows of beyond the room list (the files: every `room_<id>.txt`).
   * The Data API's rooms all come from `rooms.xml`, so it lists none here. Never rejects.
   */
  extraRoomIds(): Promise<RoomIdsNow>;
}
