/**
 * The posts waiting for one sink (one platform), delivered one at a time, in order. A post that
 * fails is retried, after the wait the platform asked for (DeliveryRetryAfter) or else with
 * exponential backoff, and holds back the posts behind it, so a platform that is briefly
 * unreachable gets its posts later and in order. A post that succeeded is removed at once and
 * never sent again. The queue is bounded: when full, the oldest waiting post is dropped, with a
 * log line. (A post whose request failed after the platform had in fact taken it is sent again:
 * the sink cannot tell, so it rejected; a post with a key gives the sink what a platform needs
 * to drop such a repeat.) What became of each post (sent, given up, dropped) is told to
 * `onFinished`, which marks it in the alert outbox; a post still waiting when the queue stops is
 * told nothing: it stays in the outbox for the next start.
 */

import type { Reply } from '../replies/reply.ts';
import type { AlertSink } from './alert-sink.ts';
import { retryAfterOf } from './delivery-retry-after.ts';

export interface DeliveryTuning {
  /** Posts held at most, the one being sent included; default 100. */
  readonly capacity?: number;
  /** First retry delay; doubled at each failure of the same post. Default 1 s. */
  readonly backoffBaseMs?: number;
  /** Longest backoff delay; default 5 minutes. */
  readonly backoffMaxMs?: number;
  /** Tries per post before it is given up; default 10 (about 17 minutes with the defaults). */
  readonly maxAttempts?: number;
  /** How long stop() waits for a post in flight; default 5 s. */
  readonly stopGraceMs?: number;
}

export const DEFAULT_DELIVERY = {
  capacity: 100,
  backoffBaseMs: 1_000,
  backoffMaxMs: 5 * 60_000,
  maxAttempts: 10,
  stopGraceMs: 5_000,
} as const satisfies Required<DeliveryTuning>;

export interface Post {
  readonly channelId: string;
  readonly reply: Reply;
  /** For log lines, e.g. `lobby-busy alert for Lobby (1)`. */
  readonly description: string;
  /** The post's idempotency key in the alert outbox; the same post always has the same one. */
  readonly key?: string;
}

/** What became of a post: delivered, given up after its attempts, or dropped from a full queue. */
export type PostOutcome = 'sent' | 'failed' | 'dropped';

/** Told once per post what became of it. */
export type PostFinished = (post: Post, outcome: PostOutcome) => Promise<void>;

/** Told of every attempt and of the queue's length, for metrics. */
export interface DeliveryObserver {
  attempted(platform: string, result: 'sent' | 'failed'): void;
  queued(platform: string, waiting: number): void;
}

interface Item extends Post {
  attempts: number;
}

export class DeliveryQueue {
  readonly #sink: AlertSink;
  readonly #log: (line: string) => void;
  readonly #observer: DeliveryObserver | undefined;
  readonly #tuning: Required<DeliveryTuning>;
  readonly #onFinished: PostFinished | undefined;
  readonly #items: Item[] = [];
  #inFlight: Item | undefined;
  #worker: Promise<void> | undefined;
  #wakeUp: (() => void) | undefined;
  #stopped = false;

  constructor(
    sink: AlertSink,
    log: (line: string) => void,
    tuning: DeliveryTuning = {},
    observer?: DeliveryObserver,
    onFinished?: PostFinished,
  ) {
    this.#sink = sink;
    this.#log = log;
    this.#observer = observer;
    this.#onFinished = onFinished;
    this.#tuning = { ...DEFAULT_DELIVERY, ...withoutUndefined(tuning) };
  }

  get platform(): string {
    return this.#sink.platform;
  }

  /** Posts not yet delivered, the one in flight included. */
  get size(): number {
    return this.#items.length;
  }

  enqueue(post: Post): void {
    if (this.#stopped) {
      this.#log(
        `alerts: not posted to ${this.#where(post)} (alerts are stopped${keptFor(post)}): ${post.description}`,
      );
      return;
    }
    if (this.#items.length >= this.#tuning.capacity) {
      // The post in flight is left alone: it may be arriving right now.
      const index = this.#items[0] === this.#inFlight ? 1 : 0;
      const [dropped] = this.#items.splice(index, 1);
      if (dropped !== undefined) {
        this.#log(
          `alerts: the ${this.platform} queue is full (${this.#tuning.capacity} posts): dropped the oldest, ${dropped.description} for ${dropped.channelId}`,
        );
        void this.#finish(dropped, 'dropped');
      }
    }
    this.#items.push({ ...post, attempts: 0 });
    this.#observer?.queued(this.platform, this.#items.length);
    this.#worker ??= this.#deliver();
  }

  /** Resolves once every post enqueued so far has been delivered, given up or dropped. */
  async idle(): Promise<void> {
    while (this.#worker !== undefined) await this.#worker;
  }

  /** Drops what waits (with a log line), stops retrying, and waits a little for a post in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const waiting = this.#items.filter((item) => item !== this.#inFlight);
    for (const item of waiting) {
      this.#log(
        `alerts: not posted to ${this.#where(item)} (alerts stopped${keptFor(item)}): ${item.description}`,
      );
    }
    this.#items.splice(0, this.#items.length, ...this.#items.filter((item) => item === this.#inFlight));
    this.#wakeUp?.();
    const worker = this.#worker;
    if (worker === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#tuning.stopGraceMs);
    });
    await Promise.race([worker, grace]);
    clearTimeout(timer);
  }

  async #deliver(): Promise<void> {
    try {
      for (let item = this.#items[0]; item !== undefined && !this.#stopped; item = this.#items[0]) {
        const failure = await this.#attempt(item);
        if (failure === undefined || this.#stopped) continue;
        await this.#sleep(failure.delayMs);
      }
    } finally {
      this.#worker = undefined;
    }
  }

  /** One try at the head post: undefined when it is done with (delivered or given up), else the wait. */
  async #attempt(item: Item): Promise<{ delayMs: number } | undefined> {
    this.#inFlight = item;
    item.attempts += 1;
    try {
      await this.#sink.post(item.channelId, item.reply, item.key);
      this.#remove(item);
      this.#observer?.attempted(this.platform, 'sent');
      this.#log(`alerts: sent to ${this.#where(item)}: ${item.description}`);
      await this.#finish(item, 'sent');
      return undefined;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#observer?.attempted(this.platform, 'failed');
      if (item.attempts >= this.#tuning.maxAttempts) {
        this.#remove(item);
        this.#log(
          `alerts: failed to post to ${this.#where(item)}, given up after ${item.attempts} attempts (${reason}): ${item.description}`,
        );
        await this.#finish(item, 'failed');
        return undefined;
      }
      const retryAfterMs = retryAfterOf(error);
      const delayMs =
        retryAfterMs ??
        Math.min(this.#tuning.backoffMaxMs, this.#tuning.backoffBaseMs * 2 ** (item.attempts - 1));
      this.#log(
        `alerts: failed to post to ${this.#where(item)} (attempt ${item.attempts}: ${reason}); ${retryAfterMs === undefined ? 'retrying' : 'the platform asked to wait, retrying'} in ${delayMs} ms: ${item.description}`,
      );
      return { delayMs };
    } finally {
      this.#inFlight = undefined;
    }
  }

  /** Tells onFinished; a failure to is logged (the outbox keeps the post, and a later start sends it again). */
  async #finish(post: Post, outcome: PostOutcome): Promise<void> {
    if (this.#onFinished === undefined) return;
    try {
      await this.#onFinished(post, outcome);
    } catch (error) {
      this.#log(
        `alerts: ${post.description} for ${this.#where(post)} could not be marked ${outcome} in the alert outbox (${error instanceof Error ? error.message : String(error)}); the next start may post it again`,
      );
    }
  }

  #remove(item: Item): void {
    const index = this.#items.indexOf(item);
    if (index !== -1) this.#items.splice(index, 1);
    this.#observer?.queued(this.platform, this.#items.length);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wakeUp = done;
    });
  }

  #where(post: Post): string {
    return `${this.platform} ${post.channelId}`;
  }
}

/** A post in the outbox stays there when the queue stops, for the next start to send. */
function keptFor(post: Post): string {
  return post.key === undefined ? '' : '; it stays in the outbox for the next start';
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
