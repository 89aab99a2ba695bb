/**
 * Watches a group's status folder and reports, once per debounce window, which status files
 * changed. Callers re-read those files; a name is reported for a rewrite, an appearance and a
 * deletion alike. Folder loss and watcher failures go to `onError`; nothing here throws into
 * the event loop.
 */

import { createChangeBatch } from './change-batch.ts';
import { startNativeWatch } from './native-watch.ts';
import { startPolling } from './poll-watch.ts';
import type { StatusWatchError, WatchEngine, WatchEvents } from './watch-events.ts';

export type { StatusWatchError } from './watch-events.ts';

export type StatusWatchMode = 'auto' | 'native' | 'poll';

export interface StatusWatchOptions {
  /** Length of the window that collects changes into one callback. Default 100 ms. */
  readonly debounceMs?: number;
  /** `auto` (default): `fs.watch`, switching to polling for good if `fs.watch` throws or fails. */
  readonly mode?: StatusWatchMode;
  /** Polling interval; in native mode also how often a missing folder is looked for. Default 1000 ms. */
  readonly pollIntervalMs?: number;
  readonly onError?: (error: StatusWatchError) => void;
}

/** The changed status file names (`online.txt`, `room_<id>.txt`) of one window, never empty. */
export type StatusChangeListener = (changedFileNames: ReadonlySet<string>) => unknown;

export interface StatusFolderWatch {
  /** The engine in use now: `auto` starts as `native` and may become `poll`. */
  readonly mode: 'native' | 'poll';
  /**
   * Resolves once changes from now on are reported (the folder is watched, or found missing and
   * looked for). Read the initial state after this, so that no change falls between.
   */
  readonly ready: Promise<void>;
  /** Stops the watch; once the promise resolves no callback runs any more. */
  close(): Promise<void>;
}

export const DEFAULT_DEBOUNCE_MS = 100;
export const DEFAULT_POLL_INTERVAL_MS = 1000;

export function watchStatusFolder(
  dir: string,
  options: StatusWatchOptions,
  onChange: StatusChangeListener,
): StatusFolderWatch {
  const debounceMs = positiveDuration('debounceMs', options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  const pollIntervalMs = positiveDuration(
    'pollIntervalMs',
    options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
  );
  const mode = options.mode ?? 'auto';
  let closed = false;

  const reportError = (error: StatusWatchError): void => {
    if (closed || options.onError === undefined) return;
    try {
      options.onError(error);
    } catch {
      // An error handler that throws has nowhere left to report to; crashing the bot over it would be worse.
    }
  };

  const listenerFailed = (cause: unknown): void => {
    const message = `the status change listener failed: ${cause instanceof Error ? cause.message : String(cause)}`;
    reportError({ kind: 'listener-failed', folder: dir, message, cause });
  };

  const batch = createChangeBatch(debounceMs, (names) => {
    // Through a promise so that a listener's throw and its rejection end up in the same place.
    Promise.resolve()
      .then(() => (closed ? undefined : onChange(names)))
      .catch(listenerFailed);
  });

  const events: WatchEvents = { changed: (name) => batch.add(name), failed: reportError };
  const engines: WatchEngine[] = [];
  let activeMode: 'native' | 'poll';

  const startPollingEngine = (): void => {
    activeMode = 'poll';
    engines.push(startPolling(dir, pollIntervalMs, events));
  };

  if (mode === 'poll') {
    startPollingEngine();
  } else {
    activeMode = 'native';
    const fallBackToPolling = (): void => {
      if (!closed) startPollingEngine();
    };
    const onUnusable = mode === 'auto' ? fallBackToPolling : undefined;
    engines.push(startNativeWatch(dir, { retryIntervalMs: pollIntervalMs, events, onUnusable }));
  }

  const ready = (async () => {
    // An `auto` watch that falls back while starting has a second engine to wait for.
    for (let index = 0; index < engines.length; index += 1) await engines[index]?.ready;
  })();

  return {
    get mode() {
      return activeMode;
    },
    ready,
    async close() {
      closed = true;
      batch.close();
      await Promise.all(engines.map((engine) => engine.close()));
    },
  };
}

function positiveDuration(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number of ms, not ${value}`);
  }
  return value;
}
