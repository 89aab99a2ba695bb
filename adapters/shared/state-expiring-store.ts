import type { ExpiringEntries, StoredValue } from '../../src/state/index.ts';
import type { ExpiringStore } from './expiring-store.ts';

/**
 * An interaction store kept in the state store, under a scope of its own: what a later request
 * needs is then seen by every instance (a Slack redelivery landing on another instance is
 * recognised there). Only values JSON carries unchanged can be kept here; the type says so.
 */
export class StateExpiringStore<V extends StoredValue> implements ExpiringStore<V> {
  readonly #entries: ExpiringEntries;
  readonly #scope: string;
  readonly #now: () => number;

  constructor(entries: ExpiringEntries, scope: string, now: () => number = Date.now) {
    this.#entries = entries;
    this.#scope = scope;
    this.#now = now;
  }

  async put(key: string, value: V, ttlMs: number): Promise<void> {
    await this.#entries.put(this.#scope, key, value, this.#now() + ttlMs);
  }

  putIfAbsent(key: string, value: V, ttlMs: number): Promise<boolean> {
    const now = this.#now();
    return this.#entries.putIfAbsent(this.#scope, key, value, now + ttlMs, now);
  }

  async get(key: string): Promise<V | undefined> {
    return (await this.#entries.get(this.#scope, key, this.#now())) as V | undefined;
  }

  async delete(key: string): Promise<void> {
    await this.#entries.delete(this.#scope, key);
  }
}
