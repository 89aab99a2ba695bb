/**
 * The upgrade from a release that kept the history in its own SQLite file: on the first start
 * with the state store, that file's rows are added to the store once per server group (whichever
 * instance gets there first; rows the store already holds are kept, never doubled), and one line
 * says what was imported. The file is left where it is: nothing reads it afterwards, and it may
 * be deleted. A file that cannot be read is logged and tried again at the next start; the history
 * is recorded in the store either way.
 */

import { existsSync } from 'node:fs';
import type { HistoryCounts, HistoryImport, OccupancyRecords } from '../state/index.ts';
import { openLegacyHistoryFile } from './legacy-history-file.ts';

export interface OldHistoryImport {
  readonly records: OccupancyRecords;
  readonly group: string;
  /** The old file: `stats.path`, or `<state.dir>/occupancy.sqlite`. */
  readonly path: string;
  /** The store, as the log names it. */
  readonly storeLocation: string;
  readonly log: (line: string) => void;
  readonly now?: () => number;
}

/** Imports the old file when there is one and the group has had no import; what was done, if anything. */
export async function importOldHistory(options: OldHistoryImport): Promise<HistoryImport | undefined> {
  const { records, group, path, log } = options;
  if (!existsSync(path)) return undefined;
  const earlier = await records.importedFrom(group);
  if (earlier !== undefined) {
    if (earlier.source !== path) {
      log(
        `stats: the old occupancy history ${path} is not imported: the history of group ${group} was imported from ${earlier.source} (${new Date(earlier.importedAt).toISOString()}) and is kept in the state store`,
      );
    }
    return undefined;
  }
  let outcome: HistoryImport;
  try {
    const file = openLegacyHistoryFile(path);
    try {
      outcome = await records.importOnce(group, path, file.batches(), (options.now ?? Date.now)());
    } finally {
      file.close();
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log(
      `stats: the old occupancy history ${path} could not be imported (${reason}); it is tried again at the next start, and the history is recorded in the state store meanwhile`,
    );
    return undefined;
  }
  if (outcome.outcome === 'imported') {
    log(
      `stats: imported the old occupancy history ${path} into the state store (${options.storeLocation}): ${describeCounts(outcome.added)}${alreadyThere(outcome.alreadyThere)}; ${path} is left in place, no longer used (it may be deleted)`,
    );
  }
  return outcome;
}

function describeCounts(counts: HistoryCounts): string {
  return `${counts.totalMinutes} minutes and ${counts.totalHours} hours of totals, ${counts.roomMinutes} room minutes and ${counts.roomHours} room hours`;
}

function alreadyThere(counts: HistoryCounts): string {
  const rows = counts.totalMinutes + counts.roomMinutes + counts.totalHours + counts.roomHours;
  return rows === 0 ? '' : ` (${rows} rows the store already held were kept as they were)`;
}
