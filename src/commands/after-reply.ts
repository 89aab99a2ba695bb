/**
 * Bookkeeping that follows a command's answer (its audit entry, its metrics) runs once the answer
 * has been handed back, in the order it was queued: whoever typed the command does not wait for
 * it. It runs at the end of the current turn of the event loop (setImmediate), after the I/O
 * callbacks of that turn.
 */
export class AfterReply {
  #queue: Array<() => void> = [];
  #waiters: Array<() => void> = [];
  #scheduled = false;
  readonly #onError: (error: unknown) => void;

  /** `onError`: a task that throws; the others still run. */
  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  defer(task: () => void): void {
    this.#queue.push(task);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(this.#drain);
  }

  /** Resolves once everything queued so far has run: what reads the audit log waits for this. */
  settled(): Promise<void> {
    if (!this.#scheduled) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  readonly #drain = (): void => {
    this.#scheduled = false;
    const tasks = this.#queue;
    const waiters = this.#waiters;
    this.#queue = [];
    this.#waiters = [];
    for (const task of tasks) {
      try {
        task();
      } catch (error) {
        this.#onError(error);
      }
    }
    for (const resolve of waiters) resolve();
  };
}
