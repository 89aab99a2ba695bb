/**
 * One instance at a time runs the work that acts on its own (the status feed's consumers: alerts
 * and history; the Discord gateway): the one holding a lease in the state store. The holder renews
 * it every third of its time; another instance takes it only once it has expired. A leader that
 * cannot renew stops its work a renewal period before its lease ends, so that two instances never
 * run it at once while their clocks agree (NTP) within that margin.
 */

import { holderProcessIsGone } from './instance-name.ts';
import type { Leases } from './state-store.ts';

export interface LeaderWork {
  /** For the log, e.g. `alerts`. */
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface LeadershipOptions {
  readonly leases: Leases;
  /** The lease's name: one per piece of shared work, e.g. `watchers:<group>`. */
  readonly lease: string;
  /** This instance, as the lease records it (host, pid and a random part: unique per process). */
  readonly holder: string;
  /** How long a lease lasts without renewal: how long a dead leader's work waits for another. */
  readonly leaseMs: number;
  readonly log: (line: string) => void;
  readonly now?: () => number;
  /**
   * Whether a holder is known dead (a process of this machine that no longer runs): its lease is
   * taken at once rather than waited out. Default: holderProcessIsGone.
   */
  readonly holderIsGone?: (holder: string) => boolean;
}

export interface LeadershipStatus {
  readonly leading: boolean;
  readonly holder: string;
  /** The instance that leads now, when one does. */
  readonly leader?: string;
  /** Since when this instance leads (ms since the epoch). */
  readonly since?: number;
}

export class Leadership {
  readonly #options: LeadershipOptions;
  readonly #now: () => number;
  readonly #renewEveryMs: number;
  #work: readonly LeaderWork[] = [];
  #leading = false;
  #since: number | undefined;
  /** Until when the lease is ours as far as we know (the last successful renewal's expiry). */
  #validUntil = 0;
  #leader: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Stops the work when no renewal came in time, even while a renewal hangs on an unanswering store. */
  #deadline: NodeJS.Timeout | undefined;
  /** Gains and losses run one after another: work is never started while its stop is under way. */
  #changes: Promise<void> = Promise.resolve();
  #running = false;
  /** The follower's line is logged once per spell of following. */
  #following = false;
  /** While start() makes its first try: the work that failed to start, to reject with. */
  #failures: unknown[] | undefined;
  #tick: Promise<void> = Promise.resolve();

  constructor(options: LeadershipOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#renewEveryMs = Math.max(Math.floor(options.leaseMs / 3), 10);
  }

  get leading(): boolean {
    return this.#leading;
  }

  status(): LeadershipStatus {
    return {
      leading: this.#leading,
      holder: this.#options.holder,
      ...(this.#leader === undefined ? {} : { leader: this.#leader }),
      ...(this.#since === undefined ? {} : { since: this.#since }),
    };
  }

  /**
   * Tries for the lease at once (resolves after that first try and any work it started), then
   * keeps trying. When this instance leads at once and a piece of work fails to start, everything
   * stops and the promise rejects: a mistake in the setup (a bad token) is found at start-up, as
   * with a single instance. Later failures (after a takeover) are logged, and the rest runs.
   */
  async start(work: readonly LeaderWork[]): Promise<void> {
    if (this.#running) throw new Error('leadership already started');
    this.#work = work;
    this.#running = true;
    this.#failures = [];
    await this.#runTick();
    const [failure] = this.#failures;
    this.#failures = undefined;
    if (failure !== undefined) {
      await this.stop();
      throw failure;
    }
  }

  /** Stops the work and lets go of the lease at once, so that another instance need not wait for it to expire. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#tick;
    clearTimeout(this.#deadline);
    if (this.#leading) {
      await this.#lose('this instance is stopping');
      await this.#options.leases.release(this.#options.lease, this.#options.holder).catch(() => {});
    }
  }

  #runTick(): Promise<void> {
    this.#tick = this.#attempt().then((nextInMs) => {
      if (!this.#running) return;
      this.#timer = setTimeout(() => void this.#runTick(), nextInMs);
      this.#timer.unref();
    });
    return this.#tick;
  }

  /** One try; resolves with when to try next. */
  async #attempt(): Promise<number> {
    const { leases, lease, holder, leaseMs } = this.#options;
    const now = this.#now();
    let held: boolean;
    try {
      held = await leases.acquire(lease, holder, now + leaseMs, now);
    } catch (error) {
      // The store does not answer: keep working while the lease is surely ours, not a moment longer.
      if (this.#leading && this.#now() >= this.#validUntil - this.#renewEveryMs)
        await this.#lose(`the lease could not be renewed (${describe(error)})`);
      return this.#renewEveryMs;
    }
    if (!this.#running) return this.#renewEveryMs;
    if (!held && !this.#leading) held = await this.#seizeFromTheDead(now);
    if (held) {
      this.#validUntil = now + leaseMs;
      this.#leader = holder;
      this.#armDeadline();
      if (!this.#leading) await this.#gain();
      return this.#renewEveryMs;
    }
    if (this.#leading) await this.#lose('another instance holds the lease');
    const next = await this.#untilFree(now);
    if (!this.#following && this.#leader !== undefined) {
      this.#following = true;
      this.#options.log(
        `leadership: this instance (${holder}) follows ${this.#leader}; it takes over if that one stops renewing its lease`,
      );
    }
    return next;
  }

  /** Takes the lease from a holder whose process is gone (a crash, then a restart on the same machine). */
  async #seizeFromTheDead(now: number): Promise<boolean> {
    const { leases, lease, holder, leaseMs } = this.#options;
    const isGone = this.#options.holderIsGone ?? holderProcessIsGone;
    try {
      const current = await leases.current(lease, now);
      if (current === undefined || !isGone(current.holder)) return false;
      const seized = await leases.seize(lease, current.holder, holder, now + leaseMs);
      if (seized)
        this.#options.log(
          `leadership: the lease was held by ${current.holder}, a process of this machine that no longer runs; taken over at once`,
        );
      return seized;
    } catch {
      return false;
    }
  }

  /** A follower tries again the moment the leader's lease would run out, so a takeover waits no longer than that. */
  async #untilFree(now: number): Promise<number> {
    try {
      const current = await this.#options.leases.current(this.#options.lease, now);
      this.#leader = current?.holder;
      if (current === undefined) return 0;
      // A leader that stops lets go of its lease: seen at the next renewal period at the latest.
      return Math.min(Math.max(current.expiresAt - this.#now() + 5, 0), this.#renewEveryMs);
    } catch {
      return this.#renewEveryMs;
    }
  }

  #armDeadline(): void {
    clearTimeout(this.#deadline);
    const validUntil = this.#validUntil;
    const stopAt = validUntil - this.#renewEveryMs / 2;
    this.#deadline = setTimeout(
      () => {
        if (this.#leading && this.#validUntil === validUntil)
          void this.#lose('the lease was not renewed in time (the state store does not answer)');
      },
      Math.max(stopAt - this.#now(), 0),
    );
    this.#deadline.unref();
  }

  #gain(): Promise<void> {
    this.#changes = this.#changes.then(() => this.#startWork());
    return this.#changes;
  }

  #lose(why: string): Promise<void> {
    this.#changes = this.#changes.then(() => this.#stopWork(why));
    return this.#changes;
  }

  async #startWork(): Promise<void> {
    if (this.#leading) return;
    this.#leading = true;
    this.#following = false;
    this.#since = this.#now();
    this.#options.log(
      `leadership: this instance (${this.#options.holder}) leads; starting ${names(this.#work)}`,
    );
    for (const work of this.#work) {
      try {
        await work.start();
      } catch (error) {
        if (this.#failures !== undefined) {
          this.#failures.push(new Error(`${work.name} did not start: ${describe(error)}`, { cause: error }));
          return;
        }
        this.#options.log(`leadership: ${work.name} did not start: ${describe(error)}`);
      }
    }
  }

  async #stopWork(why: string): Promise<void> {
    if (!this.#leading) return;
    this.#leading = false;
    this.#since = undefined;
    this.#leader = undefined;
    this.#options.log(`leadership: this instance no longer leads (${why}); stopping ${names(this.#work)}`);
    for (const work of [...this.#work].reverse()) {
      try {
        await work.stop();
      } catch (error) {
        this.#options.log(`leadership: ${work.name} did not stop cleanly: ${describe(error)}`);
      }
    }
  }
}

function names(work: readonly LeaderWork[]): string {
  return work.length === 0 ? 'nothing' : work.map((item) => item.name).join(', ');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
