/**
 * A status feed's subscribers: who hears the updates, and what they need together. A listener
 * that throws or rejects is reported and does not keep the others from hearing.
 */

import type { StatusListener, StatusNeeds, StatusUpdate } from './status-feed.ts';

export interface Subscriber {
  readonly listener: StatusListener;
  readonly needs: StatusNeeds;
  /** Hears updates: set once its first snapshot is read. */
  live: boolean;
}

/** What the live subscribers need together: the shortest intervals, reachability if anyone wants it. */
export interface CombinedNeeds {
  readonly tickEveryMs?: number;
  readonly checkEveryMs?: number;
  readonly reachability: boolean;
}

export class FeedSubscribers {
  readonly #subscribers = new Set<Subscriber>();
  readonly #listenerFailed: (cause: unknown) => void;

  constructor(listenerFailed: (cause: unknown) => void) {
    this.#listenerFailed = listenerFailed;
  }

  /** Each subscription is its own entry, so one listener subscribed twice hears twice and leaves once. */
  add(listener: StatusListener, needs: StatusNeeds): Subscriber {
    const subscriber: Subscriber = { listener, needs, live: false };
    this.#subscribers.add(subscriber);
    return subscriber;
  }

  has(subscriber: Subscriber): boolean {
    return this.#subscribers.has(subscriber);
  }

  remove(subscriber: Subscriber): void {
    this.#subscribers.delete(subscriber);
    subscriber.live = false;
  }

  clear(): void {
    for (const subscriber of this.#subscribers) subscriber.live = false;
    this.#subscribers.clear();
  }

  /** Tells every live subscriber, in the order they subscribed. */
  handOut(update: StatusUpdate): void {
    for (const subscriber of [...this.#subscribers]) {
      if (!subscriber.live) continue;
      try {
        const result = subscriber.listener(update);
        if (result instanceof Promise) result.catch((error: unknown) => this.#listenerFailed(error));
      } catch (error) {
        this.#listenerFailed(error);
      }
    }
  }

  combinedNeeds(): CombinedNeeds {
    let tickEveryMs: number | undefined;
    let checkEveryMs: number | undefined;
    let reachability = false;
    for (const { live, needs } of this.#subscribers) {
      if (!live) continue;
      tickEveryMs = shorter(tickEveryMs, needs.tickEveryMs);
      checkEveryMs = shorter(checkEveryMs, needs.checkEveryMs);
      reachability ||= needs.reachability === true;
    }
    return { tickEveryMs, checkEveryMs, reachability };
  }
}

function shorter(current: number | undefined, candidate: number | undefined): number | undefined {
  if (candidate === undefined) return current;
  return current === undefined || candidate < current ? candidate : current;
}
