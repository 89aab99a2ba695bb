/**
 * Declared cooldowns (`cooldowns: { broadcast: 10s }` in the config): an operation may run once
 * per period per user. Only runs count: a refused or invalid attempt does not start a cooldown.
 *
 * An attempt takes its slot with `reserve` before anything it does waits on something else, and
 * the state store decides who gets it (one statement), so two attempts of one user in flight at
 * once, on one instance or on two, cannot both find it free. The slot then becomes the run
 * (`commit`: the period counts from now) or, when the attempt does not run after all (invalid
 * room, confirmation asked, refused), is given back (`release`), so the user is not kept waiting
 * for something that did not happen.
 */

import type { CooldownSlots } from '../state/index.ts';

export interface CooldownSlot {
  /** The attempt runs now: the slot counts as its run, from this moment. */
  commit(): Promise<void>;
  /** The attempt did not run: the slot is free again. Does nothing once committed or released. */
  release(): Promise<void>;
}

export type Reservation =
  | { readonly ok: true; readonly slot: CooldownSlot }
  | { readonly ok: false; readonly remainingMs: number };

const NOTHING_HELD: CooldownSlot = { commit: async () => {}, release: async () => {} };
/** For operations without a cooldown: nothing to hold, nothing to give back. */
const UNLIMITED: Reservation = { ok: true, slot: NOTHING_HELD };

export class Cooldowns {
  readonly #periodsMs: ReadonlyMap<string, number>;
  readonly #slots: CooldownSlots;
  readonly #now: () => number;

  constructor(periodsMs: ReadonlyMap<string, number>, slots: CooldownSlots, now: () => number = Date.now) {
    this.#periodsMs = periodsMs;
    this.#slots = slots;
    this.#now = now;
  }

  /** Whether the operation has a declared cooldown (most have none: nothing to ask the store). */
  applies(operation: string): boolean {
    return this.#periodsMs.has(operation);
  }

  /** Milliseconds left before this user may run the operation again; 0 when they may now. */
  async remainingMs(userKey: string, operation: string): Promise<number> {
    if (!this.#periodsMs.has(operation)) return 0;
    const now = this.#now();
    const until = await this.#slots.heldUntil(slotKey(userKey, operation), now);
    return until === undefined ? 0 : Math.max(0, until - now);
  }

  /** Takes the user's slot for this operation now, or says how long until it is free. */
  async reserve(userKey: string, operation: string): Promise<Reservation> {
    const period = this.#periodsMs.get(operation);
    if (period === undefined) return UNLIMITED;
    const key = slotKey(userKey, operation);
    const now = this.#now();
    const reservation = await this.#slots.reserve(key, now + period, now);
    if (!reservation.ok) return { ok: false, remainingMs: Math.max(0, reservation.freeAt - now) };
    let settled = false;
    const settle = (work: () => Promise<void>) => {
      if (settled) return Promise.resolve();
      settled = true;
      return work();
    };
    return {
      ok: true,
      slot: {
        commit: () => settle(() => this.#slots.extend(key, reservation.token, this.#now() + period)),
        // Only this reservation is given back: a slot another attempt took since is left alone.
        release: () => settle(() => this.#slots.release(key, reservation.token)),
      },
    };
  }
}

function slotKey(userKey: string, operation: string): string {
  return `${userKey}\n${operation}`;
}
