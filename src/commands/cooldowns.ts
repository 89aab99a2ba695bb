/**
 * Declared cooldowns (`cooldowns: { broadcast: 10s }` in the config): an operation may run once
 * per period per user. Only runs count: a refused or invalid attempt does not start a cooldown.
 *
 * An attempt takes its slot with `reserve`, synchronously, before anything it does waits: two
 * attempts of one user in flight at once cannot both find the slot free (the second is told to
 * wait while the first looks its room up). The slot then becomes the run (`commit`) or, when the
 * attempt does not run after all (invalid room, confirmation asked, refused), is given back
 * (`release`), so the user is not kept waiting for something that did not happen.
 */

export interface CooldownSlot {
  /** The attempt runs now: the slot counts as its run, from this moment. */
  commit(): void;
  /** The attempt did not run: the slot is free again. Does nothing once committed or released. */
  release(): void;
}

export type Reservation =
  | { readonly ok: true; readonly slot: CooldownSlot }
  | { readonly ok: false; readonly remainingMs: number };

/** For operations without a cooldown: nothing to hold, nothing to give back. */
const UNLIMITED: Reservation = { ok: true, slot: { commit() {}, release() {} } };

interface Held {
  /** When the slot was reserved, then when the run started. */
  at: number;
}

export class Cooldowns {
  readonly #periodsMs: ReadonlyMap<string, number>;
  readonly #held = new Map<string, Held>();
  readonly #now: () => number;

  constructor(periodsMs: ReadonlyMap<string, number>, now: () => number = Date.now) {
    this.#periodsMs = periodsMs;
    this.#now = now;
  }

  /** Milliseconds left before this user may run the operation again; 0 when they may now. */
  remainingMs(userKey: string, operation: string): number {
    const period = this.#periodsMs.get(operation);
    const held = this.#held.get(slotKey(userKey, operation));
    if (period === undefined || held === undefined) return 0;
    return Math.max(0, held.at + period - this.#now());
  }

  /** Takes the user's slot for this operation now, or says how long until it is free. */
  reserve(userKey: string, operation: string): Reservation {
    if (!this.#periodsMs.has(operation)) return UNLIMITED;
    const remainingMs = this.remainingMs(userKey, operation);
    if (remainingMs > 0) return { ok: false, remainingMs };
    const key = slotKey(userKey, operation);
    const held: Held = { at: this.#now() };
    this.#forgetExpired();
    this.#held.set(key, held);
    let settled = false;
    return {
      ok: true,
      slot: {
        commit: () => {
          if (settled) return;
          settled = true;
          held.at = this.#now();
        },
        release: () => {
          if (settled) return;
          settled = true;
          // Only this reservation is taken back: the slot was free when it was made, so nothing
          // else can be in it unless the period passed and another attempt took it since.
          if (this.#held.get(key) === held) this.#held.delete(key);
        },
      },
    };
  }

  #forgetExpired(): void {
    // Bounded memory: entries whose period is over carry no information.
    if (this.#held.size < 10_000) return;
    const now = this.#now();
    for (const [key, held] of this.#held) {
      const operation = key.slice(key.indexOf('\n') + 1);
      if (held.at + (this.#periodsMs.get(operation) ?? 0) <= now) this.#held.delete(key);
    }
  }
}

function slotKey(userKey: string, operation: string): string {
  return `${userKey}\n${operation}`;
}
