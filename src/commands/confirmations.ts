import { randomUUID } from 'node:crypto';
import type { ExpiringEntries, StoredValue } from '../state/index.ts';

/**
 * Destructive operations wait here for the caller's answer: accepted from that user only,
 * once, before the deadline. Ids are random, so a confirmation cannot be guessed or replayed.
 * They are kept in the state store, so an answer is taken by whichever instance it reaches, and
 * only once (the store hands a confirmation to one claimant).
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

/** How a payload is written to the store and read back (an operation is stored by its name). */
export interface PayloadCodec<T> {
  encode(payload: T): StoredValue;
  /** Undefined for a stored payload this code cannot use (an operation a newer release added). */
  decode(stored: StoredValue): T | undefined;
}

const SCOPE = 'confirmations';
/** Kept this many timeouts past the deadline, so a late click is told "expired", not "unknown". */
const KEPT_FOR_TIMEOUTS = 10;

interface StoredConfirmation {
  ownerKey: string;
  expiresAt: number;
  payload: StoredValue;
}

export class Confirmations<T> {
  readonly #entries: ExpiringEntries;
  readonly #codec: PayloadCodec<T>;
  readonly #timeoutMs: number;
  readonly #now: () => number;

  constructor(
    timeoutMs: number,
    entries: ExpiringEntries,
    codec: PayloadCodec<T>,
    now: () => number = Date.now,
  ) {
    this.#timeoutMs = timeoutMs;
    this.#entries = entries;
    this.#codec = codec;
    this.#now = now;
  }

  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  async open(ownerKey: string, payload: T): Promise<PendingConfirmation<T>> {
    const id = randomUUID();
    const expiresAt = this.#now() + this.#timeoutMs;
    const stored = { ownerKey, expiresAt, payload: this.#codec.encode(payload) };
    await this.#entries.put(SCOPE, id, stored, expiresAt + this.#timeoutMs * KEPT_FOR_TIMEOUTS);
    return { id, ownerKey, expiresAt, payload };
  }

  /** Takes the confirmation for this answer: it can be claimed once, by its owner, in time. */
  async claim(id: string, ownerKey: string): Promise<Claim<T>> {
    const now = this.#now();
    const seen = this.#read(id, await this.#entries.get(SCOPE, id, now));
    if (seen === undefined) return { status: 'unknown' };
    // Someone else's answer leaves the prompt open for its owner.
    if (seen.ownerKey !== ownerKey) return { status: 'not_owner', pending: seen };
    const taken = this.#read(id, await this.#entries.take(SCOPE, id, now));
    // Taken between the two reads: by the owner's other answer, on this instance or another.
    if (taken === undefined) return { status: 'unknown' };
    if (now > taken.expiresAt) return { status: 'expired', pending: taken };
    return { status: 'claimed', pending: taken };
  }

  #read(id: string, stored: StoredValue | undefined): PendingConfirmation<T> | undefined {
    if (stored === undefined || stored === null || typeof stored !== 'object' || Array.isArray(stored))
      return undefined;
    const { ownerKey, expiresAt, payload } = stored as Partial<StoredConfirmation>;
    if (typeof ownerKey !== 'string' || typeof expiresAt !== 'number' || payload === undefined)
      return undefined;
    const decoded = this.#codec.decode(payload);
    return decoded === undefined ? undefined : { id, ownerKey, expiresAt, payload: decoded };
  }
}
