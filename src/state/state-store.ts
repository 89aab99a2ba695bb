/**
 * The one place where what must outlive a process, or be seen by every instance, is kept:
 * short-lived entries (list pages, prompt owners, redelivery keys, pending confirmations),
 * cooldown slots, and the leases that elect one instance for background work. Two
 * implementations behind it: SQLite (one file, the embedded default) and PostgreSQL (shared by
 * instances). Nothing here is a module-level Map: memory is only ever a cache in front of it.
 *
 * Time is the caller's clock (ms since the epoch), passed into every call, so that tests can pin
 * it; instances sharing a database must keep their clocks in step (NTP), well within a lease.
 */

export type StoreKind = 'sqlite' | 'postgres';

/** A value as JSON can carry it; stored as its JSON text. */
export type StoredValue = null | boolean | number | string | StoredValue[] | { [key: string]: StoredValue };

export interface ExpiringEntries {
  /** Puts the entry, replacing any with that key. */
  put(scope: string, key: string, value: StoredValue, expiresAt: number): Promise<void>;
  /**
   * Puts the entry only when no live entry has that key: true when this call put it. The first
   * instance to see a Slack event id runs it; the others are told it is taken.
   */
  putIfAbsent(
    scope: string,
    key: string,
    value: StoredValue,
    expiresAt: number,
    now: number,
  ): Promise<boolean>;
  /** The live entry's value, or undefined once it has expired or was never there. */
  get(scope: string, key: string, now: number): Promise<StoredValue | undefined>;
  /** Removes the live entry and hands it to this caller alone (a confirmation is claimed once). */
  take(scope: string, key: string, now: number): Promise<StoredValue | undefined>;
  delete(scope: string, key: string): Promise<void>;
  /** Removes the expired entries of every scope; resolves with how many went. */
  sweep(now: number): Promise<number>;
}

export type SlotReservation =
  | { readonly ok: true; readonly token: string }
  /** Taken: when it frees (ms since the epoch). */
  | { readonly ok: false; readonly freeAt: number };

export interface CooldownSlots {
  /** Takes the slot until `until` when it is free (never taken, or its time is over). */
  reserve(key: string, until: number, now: number): Promise<SlotReservation>;
  /** Moves the end of a slot this token holds (the run starts now: its period counts from now). */
  extend(key: string, token: string, until: number): Promise<void>;
  /** Gives back the slot this token holds; a slot another reservation took since is left alone. */
  release(key: string, token: string): Promise<void>;
  /** When the slot frees, or undefined when it is free now. */
  heldUntil(key: string, now: number): Promise<number | undefined>;
}

export interface LeaseHolder {
  readonly holder: string;
  readonly expiresAt: number;
}

export interface Leases {
  /**
   * Takes the lease `name` for `holder` until `expiresAt` when it is free or expired, or renews it
   * when `holder` has it: true when `holder` holds it after the call.
   */
  acquire(name: string, holder: string, expiresAt: number, now: number): Promise<boolean>;
  /** Lets go of a lease `holder` has, so another instance need not wait for it to expire. */
  release(name: string, holder: string): Promise<void>;
  current(name: string, now: number): Promise<LeaseHolder | undefined>;
}

export interface StateStore {
  readonly kind: StoreKind;
  /** Where it is, for the log: the SQLite file, or the PostgreSQL host and database (never the password). */
  readonly location: string;
  readonly entries: ExpiringEntries;
  readonly cooldowns: CooldownSlots;
  readonly leases: Leases;
  close(): Promise<void>;
}
