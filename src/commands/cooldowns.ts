/**
 * Declared cooldowns (`cooldowns: { broadcast: 10s }` in the config): an operation may run once
 * per period per user. Only runs count: a refused or invalid attempt does not start a cooldown.
 */
export class Cooldowns {
  readonly #periodsMs: ReadonlyMap<string, number>;
  readonly #lastRun = new Map<string, number>();
  readonly #now: () => number;

  constructor(periodsMs: ReadonlyMap<string, number>, now: () => number = Date.now) {
    this.#periodsMs = periodsMs;
    this.#now = now;
  }

  /** Milliseconds left before this user may run the operation again; 0 when they may now. */
  remainingMs(userKey: string, operation: string): number {
    const period = this.#periodsMs.get(operation);
    const last = this.#lastRun.get(`${userKey}\n${operation}`);
    if (period === undefined || last === undefined) return 0;
    return Math.max(0, last + period - this.#now());
  }

  recordRun(userKey: string, operation: string): void {
    if (!this.#periodsMs.has(operation)) return;
    this.#lastRun.set(`${userKey}\n${operation}`, this.#now());
    this.#forgetExpired();
  }

  #forgetExpired(): void {
    // Bounded memory: entries whose period is over carry no information.
    if (this.#lastRun.size < 10_000) return;
    const now = this.#now();
    for (const [key, last] of this.#lastRun) {
      const operation = key.slice(key.indexOf('\n') + 1);
      if (last + (this.#periodsMs.get(operation) ?? 0) <= now) this.#lastRun.delete(key);
    }
  }
}
