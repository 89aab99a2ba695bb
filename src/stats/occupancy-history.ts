/**
 * One server group's occupancy history in the state store, with the configuration's retention:
 * what the recorder writes and the charts read. The rows and their rules (last value and peak per
 * minute, minutes folded into hours, hours deleted past the retention) are the store's
 * (src/state/occupancy-records.ts); this binds them to a group and a policy.
 */

import type {
  HistoryCounts,
  MaintenanceResult,
  OccupancyRecords,
  OccupancySample,
  SeriesPoint,
  SeriesQuery,
} from '../state/index.ts';
import { DEFAULT_RAW_FOR_MS, DEFAULT_RETENTION_MS } from './durations.ts';

export interface OccupancyHistoryOptions {
  readonly records: OccupancyRecords;
  /** The server group whose rooms are recorded. */
  readonly group: string;
  /** Where the store is, for the log (never a password). */
  readonly location: string;
  /** How long history is kept; default 30 days. */
  readonly retentionMs?: number;
  /** How long minutes are kept before they are folded into hours; default 48 h (at most the retention). */
  readonly rawForMs?: number;
}

export class OccupancyHistory {
  readonly group: string;
  readonly location: string;
  readonly retentionMs: number;
  readonly rawForMs: number;
  readonly #records: OccupancyRecords;

  constructor(options: OccupancyHistoryOptions) {
    this.#records = options.records;
    this.group = options.group;
    this.location = options.location;
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.rawForMs = Math.min(options.rawForMs ?? DEFAULT_RAW_FOR_MS, this.retentionMs);
  }

  /** Writes the samples (one transaction). */
  record(samples: readonly OccupancySample[]): Promise<void> {
    return this.#records.record(this.group, samples);
  }

  series(query: SeriesQuery): Promise<SeriesPoint[]> {
    return this.#records.series(this.group, query);
  }

  /** Folds minutes older than the raw period into hours (whole hours only) and deletes what is past the retention. */
  maintain(now: number): Promise<MaintenanceResult> {
    return this.#records.maintain(this.group, now, {
      rawForMs: this.rawForMs,
      retentionMs: this.retentionMs,
    });
  }

  counts(): Promise<HistoryCounts> {
    return this.#records.counts(this.group);
  }
}
