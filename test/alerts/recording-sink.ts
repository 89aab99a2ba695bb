import type { AlertSink } from '../../src/alerts/alert-sink.ts';
import { DeliveryRetryAfter } from '../../src/alerts/delivery-retry-after.ts';
import type { Platform } from '../../src/permissions/identity.ts';
import type { Reply } from '../../src/replies/reply.ts';

export interface RecordedPost {
  readonly channelId: string;
  readonly reply: Reply;
  /** The post's idempotency key, when it came from the alert outbox. */
  readonly key?: string;
  /** performance.now() when the post was taken. */
  readonly at: number;
}

export interface RecordedAttempt {
  readonly channelId: string;
  readonly title: string;
  readonly outcome: 'delivered' | 'failed';
  readonly at: number;
}

type Failure = () => Error;

/**
 * A sink that keeps what it was given, as a platform would, and fails when told to: the next
 * few posts, or every post while it is "down".
 */
export class RecordingSink implements AlertSink {
  readonly posts: RecordedPost[] = [];
  readonly attempts: RecordedAttempt[] = [];
  readonly #scripted: Failure[] = [];
  #down: Failure | undefined;

  constructor(readonly platform: Platform = 'slack') {}

  /** The next posts fail, one per failure given, in order. */
  failNext(...failures: Failure[]): this {
    this.#scripted.push(...failures);
    return this;
  }

  /** The next post is refused with a 429-like Retry-After. */
  rateLimitNext(retryAfterMs: number): this {
    return this.failNext(
      () => new DeliveryRetryAfter(retryAfterMs, `429 Too Many Requests (retry after ${retryAfterMs} ms)`),
    );
  }

  /** Every post fails until up(). */
  down(failure: Failure = () => new Error('503 Service Unavailable')): this {
    this.#down = failure;
    return this;
  }

  up(): this {
    this.#down = undefined;
    return this;
  }

  titles(): string[] {
    return this.posts.map((post) => post.reply.title);
  }

  async post(channelId: string, reply: Reply, key?: string): Promise<void> {
    const at = performance.now();
    const failure = this.#scripted.shift() ?? this.#down;
    if (failure !== undefined) {
      this.attempts.push({ channelId, title: reply.title, outcome: 'failed', at });
      throw failure();
    }
    this.attempts.push({ channelId, title: reply.title, outcome: 'delivered', at });
    this.posts.push({ channelId, reply, at, ...(key === undefined ? {} : { key }) });
  }
}
