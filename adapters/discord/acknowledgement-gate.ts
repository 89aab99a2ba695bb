/**
 * Discord fails an interaction that is not acknowledged within 3 s. In a burst of commands the
 * work of the first ones (the core, the chat server, editing the answer in) would hold up the
 * acknowledgement of the later ones, which share the event loop; so once an interaction is
 * acknowledged, its work waits while another interaction received is still waiting for its own
 * acknowledgement. The wait is bounded, so a steady stream of interactions cannot starve it.
 */
export class AcknowledgementGate {
  readonly #maxWaitMs: number;
  #waiting = 0;
  #clear: Array<() => void> = [];

  constructor(options: { maxWaitMs?: number } = {}) {
    this.#maxWaitMs = options.maxWaitMs ?? 1_000;
  }

  /** Interactions received and not acknowledged yet. */
  get waiting(): number {
    return this.#waiting;
  }

  /** An interaction has arrived. Call the result once it is acknowledged (or done with); again does nothing. */
  arrived(): () => void {
    this.#waiting += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#waiting -= 1;
      if (this.#waiting === 0) for (const resolve of this.#clear.splice(0)) resolve();
    };
  }

  /** Resolves once no interaction is waiting for its acknowledgement, or after the longest wait. */
  async clear(): Promise<void> {
    if (this.#waiting === 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const index = this.#clear.indexOf(done);
        if (index !== -1) this.#clear.splice(index, 1);
        resolve();
      }, this.#maxWaitMs);
      this.#clear.push(done);
    });
  }
}
