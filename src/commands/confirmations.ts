import { randomUUID } from 'node:crypto';

/**
 * Destructive operations wait here for the caller's answer: accepted from that user only,
 * once, before the deadline. Ids are random, so a confirmation cannot be guessed or replayed.
 */
export interface PendingConfirmation<T> {
  id: string;
  /** `platform:userId` of who asked. */
  ownerKey: string;
  expiresAt: number;
  payload: T;
}

export type Claim<T> =
  | { status: 'claimed'; pending: PendingConfirmation<T> }
  | { status: 'unknown' }
  | { status: 'not_owner'; pending: PendingConfirmation<T> }
  | { status: 'expired'; pending: PendingConfirmation<T> };

export class Confirmations<T> {
  readonly #pending = new Map<string, PendingConfirmation<T>>();
  readonly #timeoutMs: number;
  readonly #now: () => number;

  constructor(timeoutMs: number, now: () => number = Date.now) {
    this.#timeoutMs = timeoutMs;
    this.#now = now;
  }

  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  open(ownerKey: string, payload: T): PendingConfirmation<T> {
    this.#sweep();
    const pending = { id: randomUUID(), ownerKey, expiresAt: this.#now() + this.#timeoutMs, payload };
    this.#pending.set(pending.id, pending);
    return pending;
  }

  /** Takes the confirmation for this answer: it can be claimed once, by its owner, in time. */
  claim(id: string, ownerKey: string): Claim<T> {
    const pending = this.#pending.get(id);
    if (!pending) return { status: 'unknown' };
    if (pending.ownerKey !== ownerKey) return { status: 'not_owner', pending };
    this.#pending.delete(id);
    if (this.#now() > pending.expiresAt) return { status: 'expired', pending };
    return { status: 'claimed', pending };
  }

  #sweep(): void {
    // Expired prompts nobody answered would otherwise stay forever.
    const now = this.#now();
    for (const [id, pending] of this.#pending) {
      // Kept a while past the deadline so a late click is told "expired", not "unknown".
      if (now > pending.expiresAt + this.#timeoutMs * 10) this.#pending.delete(id);
    }
  }
}
