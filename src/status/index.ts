/**
 * The chat server's status: the status files (`<install>/server/data/<group>/online.txt` and
 * `room_<id>.txt`), readers that never throw for file-system conditions, a change watch, and the
 * status feed that follows them and hands out snapshots to the alerts and the occupancy history.
 */

export {
  FilesStatusFeed,
  type FilesStatusFeedOptions,
  type StatusFeedError,
} from './files-status-feed.ts';
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
export type { OnlineReading, Reachability, StatusSnapshot } from './status-snapshot.ts';
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
