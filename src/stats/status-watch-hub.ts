/**
 * One watch of a group's status folder, shared: the occupancy recorder and the alert engine each
 * subscribe to it, so the folder is watched (and polled, where it must be) once. Each
 * subscription is shaped like the watch itself (`StatusFolderWatch`), so whoever took a watch
 * from `watchStatusFolder` takes one from here unchanged.
 */

import {
  type StatusChangeListener,
  type StatusFolderWatch,
  type StatusWatchError,
  type StatusWatchOptions,
  watchStatusFolder,
} from '../status/index.ts';

export class StatusWatchHub {
  readonly folder: string;
  readonly #watch: StatusFolderWatch;
  readonly #listeners = new Set<StatusChangeListener>();
  readonly #onListenerError: (error: unknown) => void;
  #closed = false;

  /**
   * Starts watching at once. Errors of the watch go to `options.onError`; a listener that throws
   * (or rejects) goes to `onListenerError` and does not keep the others from hearing of changes.
   */
  constructor(
    folder: string,
    options: StatusWatchOptions & { readonly onListenerError?: (error: unknown) => void } = {},
  ) {
    this.folder = folder;
    this.#onListenerError = options.onListenerError ?? (() => {});
    this.#watch = watchStatusFolder(folder, options, (names) => this.#publish(names));
  }

  get mode(): 'native' | 'poll' {
    return this.#watch.mode;
  }

  /** Resolves once changes from now on are reported. */
  get ready(): Promise<void> {
    return this.#watch.ready;
  }

  /** Hears of every change from now on, until the returned watch is closed. */
  subscribe(listener: StatusChangeListener): StatusFolderWatch {
    if (this.#closed) throw new Error('the status watch is closed');
    // Each subscription is its own entry, so one listener subscribed twice hears twice and leaves once.
    const entry: StatusChangeListener = (names) => listener(names);
    this.#listeners.add(entry);
    const hub = this;
    return {
      get mode() {
        return hub.mode;
      },
      ready: this.#watch.ready,
      async close() {
        hub.#listeners.delete(entry);
      },
    };
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Stops the watch; subscribers hear nothing more. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    await this.#watch.close();
  }

  #publish(names: ReadonlySet<string>): void {
    for (const listener of [...this.#listeners]) {
      try {
        const result = listener(names);
        if (result instanceof Promise) result.catch((error: unknown) => this.#onListenerError(error));
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}

export type { StatusWatchError };
