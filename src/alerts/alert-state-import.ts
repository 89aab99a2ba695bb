/**
 * The upgrade from `<state.dir>/alerts.json`: the first time a server group's alert state is
 * asked for and the store has none for it, the file's conditions and mutes are put into the store,
 * once (of instances doing it together, one does), with one log line. The store keeps a mark
 * either way, so the file is never read again, even after every condition it held has cleared.
 */

import type { AlertConditionRecord, AlertMuteRecord, AlertRecords } from '../state/index.ts';
import { asStoredValue } from '../state/index.ts';
import { loadAlertsState } from './state-file.ts';

export interface AlertStateImportOptions {
  readonly records: AlertRecords;
  readonly group: string;
  /** `<state.dir>/alerts.json`. */
  readonly file: string;
  /** Where the store is, for the log line (never a password). */
  readonly storeLocation: string;
  readonly log: (line: string) => void;
  readonly now: number;
}

export async function importAlertStateFile(options: AlertStateImportOptions): Promise<void> {
  const { records, group, file, log } = options;
  if (await records.imported(group)) return;
  const loaded = await loadAlertsState(file);
  const conditions: AlertConditionRecord[] = [];
  const mutes: AlertMuteRecord[] = [];
  for (const [rule, ruleState] of loaded.state.rules) {
    for (const [key, condition] of ruleState.conditions) {
      conditions.push({ rule, key, state: asStoredValue(condition) });
    }
    if (ruleState.mute !== undefined) mutes.push({ rule, ...ruleState.mute });
  }
  const imported = await records.importOnce(group, { conditions, mutes }, options.now);
  if (!imported) return;
  if (loaded.status === 'unreadable') {
    log(
      `alerts: the state file ${file} cannot be used (${loaded.reason}); not imported: the alert state starts afresh in the state store (${options.storeLocation})`,
    );
  } else if (loaded.status === 'ok') {
    log(
      `alerts: imported ${file} into the state store (${options.storeLocation}): ${plural(conditions.length, 'condition')} and ${plural(mutes.length, 'mute')}; the file is no longer read`,
    );
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
