/**
 * The status feed of one group's status files: one watch of the folder (debounced, with the
 * watch's polling fallback), one reader, and the periodic reads the subscribers ask for (the
 * minute tick, the check of the data's age and the server's reachability). Each change is read
 * once, however many subscribers hear of it.
 *
 * Reads run one at a time, in order; changes that arrive while a read waits its turn are read
 * along with it. Nothing here throws into the event loop: failures go to `onError`.
 */

import { FeedSubscribers } from './feed-subscribers.ts';
import type { StatusReadOptions } from './read-outcomes.ts';
import { type Repeating, repeat } from './repeat.ts';
import type {
  ChangedStatus,
  StatusFeed,
  StatusListener,
  StatusNeeds,
  StatusSubscription,
} from './status-feed.ts';
import { ONLINE_FILE_NAME, roomIdFromFileName } from './status-file-names.ts';
import { type FilesView, StatusFilesReader } from './status-files-reader.ts';
import type { Reachability, StatusSnapshot } from './status-snapshot.ts';
import {
  type StatusFolderWatch,
  type StatusWatchError,
  type StatusWatchMode,
  watchStatusFolder,
} from './watch.ts';

export type StatusFeedError =
  | StatusWatchError
  /** A read failed in a way the readers never should (they report file-system trouble as values). */
  | {
      readonly kind: 'read-failed';
      readonly folder: string;
      readonly message: string;
      readonly cause: unknown;
    };

export interface FilesStatusFeedOptions {
  /** The server followed; today the chat group, whose folder this is. */
  readonly server: string;
  /** `<dataDir>/<group>`. */
  readonly folder: string;
  readonly watch?: {
    readonly debounceMs?: number;
    readonly mode?: StatusWatchMode;
    readonly pollIntervalMs?: number;
  };
  readonly reads?: StatusReadOptions;
  /** How the server's reachability is learnt (a TCP connect to the Server API port in production). */
  readonly probe?: () => Promise<Reachability>;
  /** The watch's troubles (folder missing, fs.watch failed), a listener that failed, a failed read. */
  readonly onError?: (error: StatusFeedError) => void;
}

/** Each minute's tick comes this long after the minute begins, so it falls inside that minute. */
const AFTER_THE_MINUTE_MS = 50;
const MINUTE_MS = 60_000;

interface Loop {
  readonly everyMs: number;
  readonly repeating: Repeating;
}

export class FilesStatusFeed implements StatusFeed {
  readonly server: string;
  readonly #options: FilesStatusFeedOptions;
  readonly #reader: StatusFilesReader;
  readonly #subscribers = new FeedSubscribers((cause) => this.#listenerFailed(cause));
  readonly #stoppingLoops = new Set<Promise<void>>();
  #watch: StatusFolderWatch | undefined;
  #chain: Promise<void> = Promise.resolve();
  #pending = new Set<string>();
  #readScheduled = false;
  #reachability: Reachability | undefined;
  #current: StatusSnapshot | undefined;
  /** The reader's view #current was made from. */
  #currentView: FilesView | undefined;
  #tickLoop: Loop | undefined;
  #checkLoop: Loop | undefined;
  #closed = false;

  constructor(options: FilesStatusFeedOptions) {
    this.server = options.server;
    this.#options = options;
    this.#reader = new StatusFilesReader(options.folder, options.reads);
  }

  get current(): StatusSnapshot | undefined {
    return this.#current;
  }

  /** The watch engine in use (undefined until the first subscription starts the watch). */
  get watchMode(): 'native' | 'poll' | undefined {
    return this.#watch?.mode;
  }

  subscribe(listener: StatusListener, needs: StatusNeeds = {}): StatusSubscription {
    if (this.#closed) throw new Error('the status feed is closed');
    const subscriber = this.#subscribers.add(listener, needs);
    const watch = this.#startWatch();
    const ready = (async () => {
      // Read after the watch is ready, so that no change falls between the read and the updates.
      await watch.ready;
      if (needs.reachability === true) await this.#probe();
      const snapshot = await this.#serially(async () => {
        await this.#reader.readAll();
        subscriber.live = this.#subscribers.has(subscriber);
        return this.#snapshot();
      });
      this.#arrangeLoops();
      return snapshot;
    })();
    return {
      ready,
      close: async () => {
        this.#subscribers.remove(subscriber);
        this.#arrangeLoops();
      },
    };
  }

  readNow(): Promise<StatusSnapshot> {
    return this.#serially(() => this.#readAndHandOut('tick'));
  }

  async settled(): Promise<void> {
    for (;;) {
      const chain = this.#chain;
      await chain;
      if (chain === this.#chain && !this.#readScheduled) return;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#subscribers.clear();
    this.#arrangeLoops();
    await this.#watch?.close();
    await Promise.all([...this.#stoppingLoops]);
    await this.#chain;
  }

  #startWatch(): StatusFolderWatch {
    const tuning = this.#options.watch;
    this.#watch ??= watchStatusFolder(
      this.#options.folder,
      {
        debounceMs: tuning?.debounceMs,
        mode: tuning?.mode,
        pollIntervalMs: tuning?.pollIntervalMs,
        onError: (error) => this.#report(error),
      },
      (names) => this.#filesChanged(names),
    );
    return this.#watch;
  }

  #filesChanged(names: ReadonlySet<string>): void {
    if (this.#closed) return;
    for (const name of names) this.#pending.add(name);
    if (this.#readScheduled) return;
    this.#readScheduled = true;
    void this.#serially(async () => {
      this.#readScheduled = false;
      const batch = this.#pending;
      this.#pending = new Set();
      if (this.#closed) return;
      await this.#reader.read(batch);
      this.#subscribers.handOut({ cause: 'change', changed: changedOf(batch), snapshot: this.#snapshot() });
    }).catch(() => undefined);
  }

  /** Runs inside #serially only. */
  async #readAndHandOut(cause: 'tick' | 'check'): Promise<StatusSnapshot> {
    if (cause === 'tick') await this.#reader.readAll();
    else await this.#reader.readOnline();
    const snapshot = this.#snapshot();
    this.#subscribers.handOut({ cause, snapshot });
    return snapshot;
  }

  async #check(): Promise<void> {
    if (this.#subscribers.combinedNeeds().reachability) await this.#probe();
    if (this.#closed) return;
    await this.#serially(() => this.#readAndHandOut('check')).catch(() => undefined);
  }

  async #probe(): Promise<void> {
    const probe = this.#options.probe;
    if (probe === undefined) return;
    try {
      this.#reachability = await probe();
    } catch (error) {
      this.#reachability = { reachable: false, reason: describeError(error) };
    }
  }

  #snapshot(): StatusSnapshot {
    const view = this.#reader.view();
    const current = this.#current;
    if (current !== undefined && this.#currentView === view && current.reachability === this.#reachability) {
      return current;
    }
    const snapshot: StatusSnapshot = { server: this.server, ...view, reachability: this.#reachability };
    this.#current = snapshot;
    this.#currentView = view;
    return snapshot;
  }

  /** Starts, stops or re-times the tick and the check to what the subscribers need now. */
  #arrangeLoops(): void {
    const wanted = this.#closed ? { reachability: false } : this.#subscribers.combinedNeeds();
    this.#tickLoop = this.#arrangeLoop(this.#tickLoop, wanted.tickEveryMs, (everyMs) =>
      repeat({
        // On the minute (a little after), so each minute gets its tick whatever the start time.
        delayMs: () =>
          everyMs === MINUTE_MS ? MINUTE_MS - (Date.now() % MINUTE_MS) + AFTER_THE_MINUTE_MS : everyMs,
        run: () => this.#serially(() => this.#readAndHandOut('tick')).then(ignore, ignore),
        keepsProcessAlive: false,
      }),
    );
    this.#checkLoop = this.#arrangeLoop(this.#checkLoop, wanted.checkEveryMs, (everyMs) =>
      repeat({ delayMs: () => everyMs, run: () => this.#check(), keepsProcessAlive: true }),
    );
  }

  #arrangeLoop(
    loop: Loop | undefined,
    everyMs: number | undefined,
    start: (everyMs: number) => Repeating,
  ): Loop | undefined {
    if (loop?.everyMs === everyMs) return loop;
    if (loop !== undefined) {
      const stopping = loop.repeating.stop();
      this.#stoppingLoops.add(stopping);
      void stopping.finally(() => this.#stoppingLoops.delete(stopping));
    }
    return everyMs === undefined ? undefined : { everyMs, repeating: start(everyMs) };
  }

  /** Runs `task` after every task before it; a failing task is reported and does not stop the others. */
  #serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#chain.then(task);
    this.#chain = result.then(ignore, (cause: unknown) =>
      this.#report({
        kind: 'read-failed',
        folder: this.#options.folder,
        message: `reading the status files failed: ${describeError(cause)}`,
        cause,
      }),
    );
    return result;
  }

  #listenerFailed(cause: unknown): void {
    this.#report({
      kind: 'listener-failed',
      folder: this.#options.folder,
      message: `a status feed listener failed: ${describeError(cause)}`,
      cause,
    });
  }

  #report(error: StatusFeedError): void {
    try {
      this.#options.onError?.(error);
    } catch {
      // An error handler that throws has nowhere left to report to.
    }
  }
}

function changedOf(names: ReadonlySet<string>): ChangedStatus {
  const rooms: number[] = [];
  for (const name of names) {
    const id = roomIdFromFileName(name);
    if (id !== undefined) rooms.push(id);
  }
  return { online: names.has(ONLINE_FILE_NAME), rooms };
}

function ignore(): void {}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
