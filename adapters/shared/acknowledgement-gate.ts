import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Slack and Discord fail a command that is not acknowledged within 3 s. In a burst of commands
 * the work of the first ones (the core, the chat server, sending the answer) would hold up the
 * acknowledgement of the later ones, which share the event loop; so once a request is
 * acknowledged, its work waits while another request received is still waiting for its own
 * acknowledgement, and until requests have stopped arriving for `quietMs` (the rest of a burst is
 * usually a few milliseconds behind its start). The wait is bounded, so a steady stream of
 * requests cannot starve the work.
 */
export class AcknowledgementGate {
  readonly #maxWaitMs: number;
  readonly #quietMs: number;
  #waiting = 0;
  #lastArrival = Number.NEGATIVE_INFINITY;
  #clear: Array<() => void> = [];
  /** The one wait every held request shares, so they go on in the order they came. */
  #opening: Promise<void> | undefined;

  constructor(options: { maxWaitMs?: number; quietMs?: number } = {}) {
    this.#maxWaitMs = options.maxWaitMs ?? 1_000;
    this.#quietMs = options.quietMs ?? 10;
  }

  /** Requests received and not acknowledged yet. */
  get waiting(): number {
    return this.#waiting;
  }

  /** A request has arrived. Call the result once it is acknowledged (or done with); again does nothing. */
  arrived(): () => void {
    this.#waiting += 1;
    this.#lastArrival = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#waiting -= 1;
      if (this.#waiting === 0) for (const resolve of this.#clear.splice(0)) resolve();
    };
  }

  /**
   * Resolves once no request waits for its acknowledgement and none came lately, or after the
   * longest wait. Work held together goes on in the order it asked.
   */
  clear(): Promise<void> {
    this.#opening ??= this.#open().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async #open(): Promise<void> {
    const deadline = performance.now() + this.#maxWaitMs;
    for (;;) {
      if (this.#waiting > 0) await this.#acknowledged(deadline - performance.now());
      const now = performance.now();
      const quietFor = now - this.#lastArrival;
      if ((this.#waiting === 0 && quietFor >= this.#quietMs) || now >= deadline) return;
      if (this.#waiting === 0) await sleep(Math.min(this.#quietMs - quietFor, deadline - now));
    }
  }

  #acknowledged(withinMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(
        () => {
          const index = this.#clear.indexOf(done);
          if (index !== -1) this.#clear.splice(index, 1);
          resolve();
        },
        Math.max(0, withinMs),
      );
      this.#clear.push(done);
    });
  }
}
