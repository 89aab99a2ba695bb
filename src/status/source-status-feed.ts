/**
 * A status feed over one source (the status files, the HTTP Data API): what is common to both
 * lives here once: the subscribers, the reads run one at a time in order, the periodic reads the
 * subscribers ask for (the minute tick, the check of the data's age and the server's
 * reachability), and the snapshot handed out. The source says how changes are noticed (a watch
 * of the folder, a poll) and how they are read. Each change is read once, however many
 * subscribers hear of it.
 *
 * Changes that arrive while a read waits its turn are read along with it. Nothing here throws
 * into the event loop: failures go to `onError`.
 */

import { FeedSubscribers } from './feed-subscribers.ts';
import { type Repeating, repeat } from './repeat.ts';
import type {
  ChangedStatus,
  StatusFeed,
  StatusListener,
  StatusNeeds,
  StatusSubscription,
} from './status-feed.ts';
import type { Reachability, StatusSnapshot } from './status-snapshot.ts';
import type { StatusSourceKind } from './status-source.ts';
import type { StatusWatchError } from './watch-events.ts';

/** What a source knows; the feed adds the server's name and its reachability. */
export type SourceView = Omit<StatusSnapshot, 'server' | 'source' | 'reachability'>;

export type StatusFeedError =
  | StatusWatchError
  /** A read failed in a way the sources never should (they report their trouble as values). */
  | {
      readonly kind: 'read-failed';
      readonly source: string;
      readonly message: string;
      readonly cause: unknown;
    }
  | {
      readonly kind: 'listener-failed';
      readonly source: string;
      readonly message: string;
      readonly cause: unknown;
    }
  /** The source could not be read (the Data API failed, or answered again): one line per change of state. */
  | { readonly kind: 'source-trouble'; readonly source: string; readonly message: string };

/** How a feed learns of changes: the folder's watch, or a poll's timer. */
export interface ChangeNotices {
  /** Resolves once changes are being noticed. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface FeedSource {
  readonly kind: StatusSourceKind;
  /** For messages: the status folder, or the Data API's host and port. */
  readonly location: string;
  /** Starts noticing changes; each notice names what changed as far as the source can tell. */
  notice(
    changed: (names: ReadonlySet<string>) => void,
    report: (error: StatusFeedError) => void,
  ): ChangeNotices;
  /** Reads everything. */
  readAll(): Promise<void>;
  /** Reads what the notices named; says what changed, or undefined when nothing did. */
  readChanged(names: ReadonlySet<string>): Promise<ChangedStatus | undefined>;
  /** The periodic check's read: what tells the data's age. */
  readAge(): Promise<void>;
  /** What has been read; the same object until a read changes something. */
  view(): SourceView;
}

export interface SourceStatusFeedOptions {
  /** The server followed; today the chat group. */
  readonly server: string;
  readonly source: FeedSource;
  /** How the server's reachability is learnt (a TCP connect to the Server API port in production). */
  readonly probe?: () => Promise<Reachability>;
  /** The source's troubles, a listener that failed, a failed read. */
  readonly onError?: (error: StatusFeedError) => void;
}

/** Each minute's tick comes this long after the minute begins, so it falls inside that minute. */
const AFTER_THE_MINUTE_MS = 50;
const MINUTE_MS = 60_000;

interface Loop {
  readonly everyMs: number;
  readonly repeating: Repeating;
}

export class SourceStatusFeed implements StatusFeed {
  readonly server: string;
  readonly #options: SourceStatusFeedOptions;
  readonly #source: FeedSource;
  readonly #subscribers = new FeedSubscribers((cause) => this.#listenerFailed(cause));
  readonly #stoppingLoops = new Set<Promise<void>>();
  #notices: ChangeNotices | undefined;
  #chain: Promise<void> = Promise.resolve();
  #pending = new Set<string>();
  #readScheduled = false;
  #reachability: Reachability | undefined;
  #current: StatusSnapshot | undefined;
  /** The source's view #current was made from. */
  #currentView: SourceView | undefined;
  #tickLoop: Loop | undefined;
  #checkLoop: Loop | undefined;
  #closed = false;

  constructor(options: SourceStatusFeedOptions) {
    this.server = options.server;
    this.#options = options;
    this.#source = options.source;
  }

  get current(): StatusSnapshot | undefined {
    return this.#current;
  }

  subscribe(listener: StatusListener, needs: StatusNeeds = {}): StatusSubscription {
    if (this.#closed) throw new Error('the status feed is closed');
    const subscriber = this.#subscribers.add(listener, needs);
    const notices = this.#startNoticing();
    const ready = (async () => {
      // Read once changes are noticed, so that no change falls between the read and the updates.
      await notices.ready;
      if (needs.reachability === true) await this.#probe();
      const snapshot = await this.#serially(async () => {
        await this.#source.readAll();
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
    await this.#notices?.close();
    await Promise.all([...this.#stoppingLoops]);
    await this.#chain;
  }

  #startNoticing(): ChangeNotices {
    this.#notices ??= this.#source.notice(
      (names) => this.#changed(names),
      (error) => this.#report(error),
    );
    return this.#notices;
  }

  #changed(names: ReadonlySet<string>): void {
    if (this.#closed) return;
    for (const name of names) this.#pending.add(name);
    if (this.#readScheduled) return;
    this.#readScheduled = true;
    void this.#serially(async () => {
      this.#readScheduled = false;
      const batch = this.#pending;
      this.#pending = new Set();
      if (this.#closed) return;
      const changed = await this.#source.readChanged(batch);
      if (changed !== undefined)
        this.#subscribers.handOut({ cause: 'change', changed, snapshot: this.#snapshot() });
    }).catch(() => undefined);
  }

  /** Runs inside #serially only. */
  async #readAndHandOut(cause: 'tick' | 'check'): Promise<StatusSnapshot> {
    if (cause === 'tick') await this.#source.readAll();
    else await this.#source.readAge();
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
    const view = this.#source.view();
    const current = this.#current;
    if (current !== undefined && this.#currentView === view && current.reachability === this.#reachability) {
      return current;
    }
    const snapshot = snapshotOf(view, {
      server: this.server,
      source: this.#source.kind,
      reachability: this.#reachability,
    });
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
        source: this.#source.location,
        message: `reading the status failed: ${describeError(cause)}`,
        cause,
      }),
    );
    return result;
  }

  #listenerFailed(cause: unknown): void {
    this.#report({
      kind: 'listener-failed',
      source: this.#source.location,
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

/**
 * The view with what the feed adds. Not a spread: a view may build its roomUsers and rosters
 * only when they are read (files-view.ts), and a spread would read them.
 */
function snapshotOf(
  view: SourceView,
  added: Pick<StatusSnapshot, 'server' | 'source' | 'reachability'>,
): StatusSnapshot {
  return {
    server: added.server,
    source: added.source,
    get roomUsers() {
      return view.roomUsers;
    },
    roomCounts: view.roomCounts,
    get rosters() {
      return view.rosters;
    },
    online: view.online,
    newestWriteAt: view.newestWriteAt,
    unreadable: view.unreadable,
    reachability: added.reachability,
  };
}

function ignore(): void {}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
