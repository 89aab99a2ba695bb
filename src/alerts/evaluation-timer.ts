/**
 * The alerts' own timer: it wakes the engine when time alone can change an evaluation (a mute or
 * a cooldown ending, the status files turning stale). It follows no status; the feed does that.
 */

/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2_147_483_647;

export class EvaluationTimer {
  readonly #wake: () => void;
  #timer: NodeJS.Timeout | undefined;

  constructor(wake: () => void) {
    this.#wake = wake;
  }

  /** Replaces any earlier wake-up with one at `at` (undefined: none). */
  set(at: number | undefined, now: number): void {
    this.cancel();
    if (at === undefined) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - now));
    this.#timer = setTimeout(this.#wake, delay);
  }

  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
