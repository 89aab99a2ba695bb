/**
 * The chat server's status: the status files (`<install>/server/data/<group>/online.txt` and
 * `room_<id>.txt`), readers that never throw for file-system conditions, a change watch, and the
 * status feed that follows them and hands out snapshots to the alerts and the occupancy history.
 */

export { chooseStatusSource, type StatusSourceChoice } from './choose-status-source.ts';
export { DataApiStatusFeed, type DataApiStatusFeedOptions } from './data-api-status-feed.ts';
export { dataApiStatusSource } from './data-api-status-source.ts';
export { FilesStatusFeed, type FilesStatusFeedOptions } from './files-status-feed.ts';
export { filesStatusSource } from './files-status-source.ts';
export { groupStatusFolder } from './group-folder.ts';
export {
  type OnlineCounts,
  type OnlineCountsResult,
  parseOnlineCounts,
  readOnlineCounts,
} from './online-counts.ts';
export type { Freshness, MissingFolder, StatusReadOptions, Unreadable } from './read-outcomes.ts';
export { DEFAULT_RETRY_DELAY_MS, type Interpretation } from './read-settled-file.ts';
export { listRoomFiles, type RoomFilesResult } from './room-files.ts';
export { parseRoster, type RoomRosterResult, readRoomRoster } from './room-roster.ts';
export {
  type FeedSource,
  SourceStatusFeed,
  type SourceStatusFeedOptions,
  type StatusFeedError,
} from './source-status-feed.ts';
export type {
  ChangedStatus,
  StatusFeed,
  StatusListener,
  StatusNeeds,
  StatusSubscription,
  StatusUpdate,
} from './status-feed.ts';
export {
  isRoomId,
  isStatusFileName,
  ONLINE_FILE_NAME,
  roomFileName,
  roomIdFromFileName,
} from './status-file-names.ts';
export {
  type OnlineReading,
  type Reachability,
  roomCountsOf,
  type StatusSnapshot,
} from './status-snapshot.ts';
export type {
  DataAge,
  OnlineNow,
  RoomIdsNow,
  RosterNow,
  StatusProblem,
  StatusSource,
  StatusSourceKind,
  Unavailable,
} from './status-source.ts';
export {
  DEFAULT_DEBOUNCE_MS,
  DEFAULT_POLL_INTERVAL_MS,
  type StatusChangeListener,
  type StatusFolderWatch,
  type StatusWatchError,
  type StatusWatchMode,
  type StatusWatchOptions,
  watchStatusFolder,
} from './watch.ts';
