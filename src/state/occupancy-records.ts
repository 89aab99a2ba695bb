/**
 * The occupancy history as the state store keeps it, per server group: one row per minute for the
 * group's totals (online.txt) and one per room and minute for the rooms written that minute (a
 * minute with a totals row but no row for a room means nobody was in that room). Within a minute a
 * row keeps the last value seen and the minute's peak. Minutes older than the raw period are
 * folded into hourly rows (average and peak); hours older than the retention are deleted.
 */

/** online.txt's three numbers. */
export interface OccupancyTotals {
  readonly loggedIn: number;
  readonly connections: number;
  readonly rooms: number;
}

/** What the status files showed at one moment. */
export interface OccupancySample {
  /** ms since the epoch. */
  readonly at: number;
  /** Undefined when online.txt could not be read: the minute is kept, its totals left empty. */
  readonly totals: OccupancyTotals | undefined;
  /** Users per room, for the rooms written (0 for a room just emptied). */
  readonly rooms: ReadonlyMap<number, number>;
}

export type Resolution = 'minute' | 'hour';

export interface SeriesQuery {
  /** A room id; undefined: the group's logged-in users (online.txt). */
  readonly room?: number;
  /** ms since the epoch, inclusive. */
  readonly from: number;
  /** ms since the epoch, exclusive. */
  readonly to: number;
  /** `hour`: minutes are averaged by hour; `minute`: minutes as kept, older hours as hours. */
  readonly resolution: Resolution;
}

export interface SeriesPoint {
  /** The start of the minute or hour, ms since the epoch. */
  readonly at: number;
  /** 60 000 for a minute, 3 600 000 for an hour. */
  readonly spanMs: number;
  /** The users then: a minute's last value, an hour's average. */
  readonly users: number;
  /** The most users seen in that minute or hour. */
  readonly peak: number;
}

/** How long the history is kept, as minutes and in all. */
export interface HistoryPolicy {
  /** Minutes older than this are folded into hours (whole hours only). */
  readonly rawForMs: number;
  /** Hours (and minutes) older than this are deleted. */
  readonly retentionMs: number;
}

export interface MaintenanceResult {
  /** Hours of totals written from minutes. */
  readonly hoursWritten: number;
  readonly minutesDeleted: number;
  readonly hoursDeleted: number;
}

/** Rows held, by table. */
export interface HistoryCounts {
  readonly totalMinutes: number;
  readonly roomMinutes: number;
  readonly totalHours: number;
  readonly roomHours: number;
}

/** A minute of totals as stored (and as the old history file held it): null where unknown. */
export interface TotalMinuteRow {
  /** Minutes since the epoch. */
  readonly minute: number;
  readonly loggedIn: number | null;
  readonly loggedInPeak: number | null;
  readonly connections: number | null;
  readonly connectionsPeak: number | null;
  readonly rooms: number | null;
}

export interface RoomMinuteRow {
  readonly room: number;
  readonly minute: number;
  readonly users: number;
  readonly peak: number;
}

export interface TotalHourRow {
  /** Hours since the epoch. */
  readonly hour: number;
  /** How many minutes the hour was folded from. */
  readonly minutes: number;
  readonly loggedInAvg: number | null;
  readonly loggedInPeak: number | null;
  readonly connectionsAvg: number | null;
  readonly connectionsPeak: number | null;
  readonly roomsPeak: number | null;
}

export interface RoomHourRow {
  readonly room: number;
  readonly hour: number;
  readonly usersAvg: number;
  readonly peak: number;
}

/** Rows of one table, read from an old history file, a batch at a time. */
export type HistoryRowBatch =
  | { readonly table: 'totalMinutes'; readonly rows: readonly TotalMinuteRow[] }
  | { readonly table: 'roomMinutes'; readonly rows: readonly RoomMinuteRow[] }
  | { readonly table: 'totalHours'; readonly rows: readonly TotalHourRow[] }
  | { readonly table: 'roomHours'; readonly rows: readonly RoomHourRow[] };

/** What a one-time import of an old history file did. */
export type HistoryImport =
  | {
      readonly outcome: 'imported';
      /** Rows added to the store. */
      readonly added: HistoryCounts;
      /** Rows of the file the store already had (its own are kept, never doubled). */
      readonly alreadyThere: HistoryCounts;
    }
  /** The group's history was imported before (by this instance or another): nothing is done again. */
  | { readonly outcome: 'already-imported'; readonly source: string; readonly importedAt: number };

export interface OccupancyRecords {
  /** Writes the samples, merged by minute as the rows keep them (last value, peak). */
  record(group: string, samples: readonly OccupancySample[]): Promise<void>;
  /** The series of one room or of the totals, oldest first; minutes and hours with no data are absent. */
  series(group: string, query: SeriesQuery): Promise<SeriesPoint[]>;
  /** Folds minutes older than the raw period into hours (whole hours only), deletes what is past the retention. */
  maintain(group: string, now: number, policy: HistoryPolicy): Promise<MaintenanceResult>;
  counts(group: string): Promise<HistoryCounts>;
  /** Whence and when the group's old history file was imported; undefined when it has not been. */
  importedFrom(group: string): Promise<{ readonly source: string; readonly importedAt: number } | undefined>;
  /**
   * Adds the rows of an old history file, once per group ever, in one transaction: rows the store
   * already has are left as they are. `source` (the file) and `now` are recorded as whence and when.
   */
  importOnce(
    group: string,
    source: string,
    batches: Iterable<HistoryRowBatch>,
    now: number,
  ): Promise<HistoryImport>;
}
