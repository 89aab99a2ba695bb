/**
 * The occupancy history of the configured group in the state store: the old history file
 * imported once (an upgrade), the recorder (started by whoever leads, see Leadership) and the
 * charts (every instance draws them from the store).
 */

import { join } from 'node:path';
import { type ChatOpsConfig, DEFAULT_STATS_FILE_NAME } from '../config/index.ts';
import type { RoomDirectory } from '../rooms/index.ts';
import type { StateStore } from '../state/index.ts';
import {
  DisabledStats,
  importOldHistory,
  OccupancyHistory,
  OccupancyRecorder,
  OccupancyStats,
  type StatsService,
} from '../stats/index.ts';
import type { StatusFeed } from '../status/index.ts';

export interface History {
  /** Undefined when the history is off. Not started here: only the leader records. */
  recorder: OccupancyRecorder | undefined;
  stats: StatsService;
}

export async function openHistory(
  config: ChatOpsConfig,
  state: StateStore,
  context: {
    rooms: RoomDirectory;
    feed: StatusFeed | undefined;
    log: (line: string) => void;
    sampleIntervalMs: number | undefined;
    clock: (() => number) | undefined;
  },
): Promise<History> {
  const { feed } = context;
  if (!config.stats.enabled || feed === undefined) return { recorder: undefined, stats: new DisabledStats() };
  const group = config.server.group;
  if (config.stats.path !== undefined) {
    context.log(
      `stats: stats.path (${config.stats.path}) is deprecated: the history is kept in the state store; the file is only read once, to import the history an earlier release kept there`,
    );
  }
  await importOldHistory({
    records: state.history,
    group,
    path: config.stats.path ?? join(config.state.dir, DEFAULT_STATS_FILE_NAME),
    storeLocation: state.location,
    log: context.log,
  });
  const history = new OccupancyHistory({
    records: state.history,
    group,
    location: state.location,
    retentionMs: config.stats.retentionMs,
  });
  const recorder = new OccupancyRecorder({
    history,
    feed,
    log: context.log,
    sampleIntervalMs: context.sampleIntervalMs,
    ...(context.clock === undefined ? {} : { now: context.clock }),
  });
  const stats = new OccupancyStats({
    history,
    recorder,
    group,
    rooms: context.rooms,
    configuredCapacities: config.alerts.capacities,
    timeZone: config.stats.timeZone,
  });
  return { recorder, stats };
}
