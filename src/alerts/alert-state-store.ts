/**
 * The alert state and its file (`<state.dir>/alerts.json`): loaded once, then replaced by each
 * commit, which writes the file (atomically, and only when the text changed) before it returns.
 * The engine commits before it hands the notices to delivery, so a restart never repeats an
 * alert (a crash in between loses a notice rather than doubling it).
 */

import { type AlertsState, EMPTY_STATE, keepRules } from './alert-state.ts';
import { loadAlertsState, saveAlertsState, serializeAlertsState } from './state-file.ts';

export interface AlertStateStoreOptions {
  /** `<state.dir>/alerts.json`. */
  readonly file: string;
  /** The rules configured now: the state of any other rule is dropped at load. */
  readonly ruleNames: readonly string[];
  readonly log: (line: string) => void;
}

export class AlertStateStore {
  readonly #options: AlertStateStoreOptions;
  #state: AlertsState = EMPTY_STATE;
  #loading: Promise<void> | undefined;
  /** The file's text as last written (or read); a commit of the same text writes nothing. */
  #written: string | undefined;

  constructor(options: AlertStateStoreOptions) {
    this.#options = options;
  }

  get state(): AlertsState {
    return this.#state;
  }

  /** Reads the file the first time it is called; later calls wait for that read. */
  load(): Promise<void> {
    this.#loading ??= loadAlertsState(this.#options.file).then((loaded) => {
      if (loaded.status === 'unreadable') {
        this.#options.log(
          `alerts: the state file ${this.#options.file} cannot be used (${loaded.reason}); starting afresh, and it is replaced at the next change`,
        );
      }
      this.#state = keepRules(loaded.state, this.#options.ruleNames);
      if (loaded.status === 'ok') this.#written = serializeAlertsState(loaded.state);
    });
    return this.#loading;
  }

  /** Takes `next` as the state and writes it; a failed write is logged, and the state is kept in memory. */
  async commit(next: AlertsState): Promise<void> {
    this.#state = next;
    const text = serializeAlertsState(next);
    if (text === this.#written) return;
    try {
      await saveAlertsState(this.#options.file, text);
      this.#written = text;
    } catch (error) {
      this.#options.log(
        `alerts: could not save the state to ${this.#options.file} (${error instanceof Error ? error.message : String(error)}); after a restart an alert may be repeated`,
      );
    }
  }
}
