import { ExpiringMap } from './expiring-map.ts';

/**
 * Where the interaction layer keeps what a later click needs (a list's pages, who a prompt was
 * shown to): each entry with an expiry the store enforces. Asynchronous, so that a store shared
 * by several instances (a database) can stand behind it; the process's memory is the default.
 */
export interface ExpiringStore<V> {
  put(key: string, value: V, ttlMs: number): Promise<void>;
  /**
   * Puts the entry only when no live entry has that key: true when this call put it. With a
   * shared store, of two instances that see the same key only one is told true.
   */
  putIfAbsent(key: string, value: V, ttlMs: number): Promise<boolean>;
  /** Undefined once the entry has expired, made way for newer ones, or was never there. */
  get(key: string): Promise<V | undefined>;
  delete(key: string): Promise<void>;
}

/** The store in this process's memory, capped in entries: the oldest make way for new ones. */
export class MemoryExpiringStore<V> implements ExpiringStore<V> {
  readonly #entries: ExpiringMap<string, V>;

  constructor(options: { maxEntries: number; now?: () => number }) {
    this.#entries = new ExpiringMap({ maxEntries: options.maxEntries, now: options.now });
  }

  get size(): number {
    return this.#entries.size;
  }

  async put(key: string, value: V, ttlMs: number): Promise<void> {
    this.#entries.set(key, value, ttlMs);
  }

  async putIfAbsent(key: string, value: V, ttlMs: number): Promise<boolean> {
    if (this.#entries.get(key) !== undefined) return false;
    this.#entries.set(key, value, ttlMs);
    return true;
  }

  async get(key: string): Promise<V | undefined> {
    return this.#entries.get(key);
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }
}
