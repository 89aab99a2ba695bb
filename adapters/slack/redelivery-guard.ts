import { type ExpiringStore, MemoryExpiringStore } from '../shared/expiring-store.ts';

/**
 * Slack redelivers a request it thinks went unanswered (HTTP retries carry x-slack-retry-num;
 * Socket Mode envelopes a retry_attempt), and a proxy may replay one. A command must never run
 * twice, so a retry is dropped outright, and so is a trigger seen recently: running nothing is
 * the safe mistake, running a broadcast twice is not. With the state store behind it, a trigger
 * seen by one instance is seen by all (behind a load balancer a redelivery may land anywhere).
 */
export interface Delivery {
  /** Bolt's context.retryNum: set on a redelivery. */
  retryNum?: number;
  /** Slack's trigger_id: unique per slash command or click. */
  triggerId?: string;
}

export type DeliveryVerdict = 'first' | 'retry' | 'seen';

export interface RedeliveryGuardOptions {
  /** Where seen triggers are kept; default this process's memory (capped at `maxEntries`). */
  seen?: ExpiringStore<true>;
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export class RedeliveryGuard {
  readonly #seen: ExpiringStore<true>;
  readonly #ttlMs: number;

  constructor(options: RedeliveryGuardOptions = {}) {
    // Slack gives up retrying within minutes; a trigger_id is useless after 30 minutes.
    this.#ttlMs = options.ttlMs ?? 30 * 60_000;
    this.#seen =
      options.seen ?? new MemoryExpiringStore({ maxEntries: options.maxEntries ?? 10_000, now: options.now });
  }

  async check(delivery: Delivery): Promise<DeliveryVerdict> {
    if (delivery.triggerId !== undefined) {
      if (!(await this.#seen.putIfAbsent(delivery.triggerId, true, this.#ttlMs))) return 'seen';
    }
    return delivery.retryNum !== undefined && delivery.retryNum > 0 ? 'retry' : 'first';
  }
}
