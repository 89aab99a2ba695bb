export interface ExpiringCacheOptions {
  /** The oldest entry makes way for a new one past this. */
  maxEntries: number;
  ttlMs: number;
  now?: () => number;
}

/**
 * A small in-memory map whose entries expire and whose size is bounded, so that state kept for
 * buttons (list pages, confirmation owners) cannot grow without end.
 */
export class ExpiringCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #options: ExpiringCacheOptions;
  readonly #now: () => number;

  constructor(options: ExpiringCacheOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  set(key: string, value: V, ttlMs = this.#options.ttlMs): void {
    this.#sweep();
    this.#entries.delete(key);
    while (this.#entries.size >= this.#options.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expiresAt: this.#now() + ttlMs });
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (this.#now() > entry.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  #sweep(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) if (now > entry.expiresAt) this.#entries.delete(key);
  }
}
