export interface ExpiringMapOptions {
  /** Past this many entries, the oldest makes way for a new one. */
  maxEntries: number;
  /** How long an entry lives unless `set` says otherwise. */
  ttlMs?: number;
  now?: () => number;
}

/**
 * A map whose entries live for a while and whose size is capped: what an adapter keeps for
 * buttons and redeliveries (list pages, prompt owners, seen requests) must not grow with traffic.
 */
export class ExpiringMap<K, V> {
  readonly #entries = new Map<K, { value: V; expiresAt: number }>();
  readonly #maxEntries: number;
  readonly #ttlMs: number | undefined;
  readonly #now: () => number;

  constructor(options: ExpiringMapOptions) {
    this.#maxEntries = options.maxEntries;
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  set(key: K, value: V, ttlMs: number | undefined = this.#ttlMs): void {
    if (ttlMs === undefined)
      throw new RangeError('ExpiringMap.set needs a ttlMs (none given, and no default)');
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: this.#now() + ttlMs });
    this.#sweep();
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (this.#now() > entry.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  #sweep(): void {
    const now = this.#now();
    // Insertion order is age order (set re-inserts), so the oldest come first.
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && entry.expiresAt >= now) break;
      this.#entries.delete(key);
    }
  }
}
