import { ExpiringMap } from '../shared/expiring-map.ts';

/**
 * Slack redelivers a request it thinks went unanswered (HTTP retries carry x-slack-retry-num;
 * Socket Mode envelopes a retry_attempt), and a proxy may replay one. A command must never run
 * twice, so a retry is dropped outright, and so is a trigger seen recently: running nothing is
 * the safe mistake, running a broadcast twice is not.
 */
export interface Delivery {
  /** Bolt's context.retryNum: set on a redelivery. */
  retryNum?: number;
  /** Slack's trigger_id: unique per slash command or click. */
  triggerId?: string;
}

export type DeliveryVerdict = 'first' | 'retry' | 'seen';

export class RedeliveryGuard {
  readonly #seen: ExpiringMap<string, true>;
  readonly #ttlMs: number;

  constructor(options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}) {
    // Slack gives up retrying within minutes; a trigger_id is useless after 30 minutes.
    this.#ttlMs = options.ttlMs ?? 30 * 60_000;
    this.#seen = new ExpiringMap({ maxEntries: options.maxEntries ?? 10_000, now: options.now });
  }

  check(delivery: Delivery): DeliveryVerdict {
    if (delivery.triggerId !== undefined) {
      if (this.#seen.has(delivery.triggerId)) return 'seen';
      this.#seen.set(delivery.triggerId, true, this.#ttlMs);
    }
    return delivery.retryNum !== undefined && delivery.retryNum > 0 ? 'retry' : 'first';
  }
}
