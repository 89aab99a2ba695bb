/**
 * The most recent entries of a record that would otherwise grow for the life of the process
 * (a demo left running, a load test): older entries are dropped past the limit.
 */
export class RecentEntries<T> {
  readonly #limit: number;
  #entries: T[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  push(entry: T): void {
    this.#entries.push(entry);
    // Trimmed in batches, so that dropping old entries costs O(1) per push on average.
    if (this.#entries.length > this.#limit + Math.ceil(this.#limit / 10)) {
      this.#entries = this.#entries.slice(-this.#limit);
    }
  }

  /** Oldest first; at most `limit` entries (a few more between trims). */
  get entries(): readonly T[] {
    if (this.#entries.length > this.#limit) this.#entries = this.#entries.slice(-this.#limit);
    return this.#entries;
  }
}
