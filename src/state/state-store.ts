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

import type { OccupancyRecords } from './occupancy-records.ts';

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
  /**
   * Takes the lease from `from` (known to be dead: a process of this machine that no longer runs)
   * before it expires: true when `holder` has it now; false when `from` no longer held it.
   */
  seize(name: string, from: string, holder: string, expiresAt: number): Promise<boolean>;
  current(name: string, now: number): Promise<LeaseHolder | undefined>;
}

/** What a one-time import of a server group's remembered rooms did. */
export type RoomNamesImport =
  | { readonly outcome: 'imported'; readonly count: number }
  /** Imported before (by this instance or another): nothing is done again. */
  | { readonly outcome: 'already-imported' }
  /** The store already knew names for the group: they stand, the import's are left out. */
  | { readonly outcome: 'store-had-names' };

/**
 * The names of the rooms the bot created, by server group and room id: a room added through one
 * instance is known by name to every other at once.
 */
export interface RoomNameRecords {
  names(group: string): Promise<ReadonlyMap<number, string>>;
  /** Keeps the room's name, replacing any it had. */
  put(group: string, roomId: number, name: string): Promise<void>;
  delete(group: string, roomId: number): Promise<void>;
  /**
   * Puts `names` once per group, ever, and only while the group has no names: of instances
   * importing together, one does it. `now` is recorded as when.
   */
  importOnce(group: string, names: ReadonlyMap<number, string>, now: number): Promise<RoomNamesImport>;
}

/** A condition the alert engine tracks: its rule, its key (`room:1`, `group`), its state as JSON. */
export interface AlertConditionRecord {
  readonly rule: string;
  readonly key: string;
  readonly state: StoredValue;
}

export interface AlertMuteRecord {
  readonly rule: string;
  /** When it ends, ms since the epoch. */
  readonly until: number;
  /** Who muted it, as `platform:user`. */
  readonly by: string;
}

/** A post in the alert outbox: where it goes and what it says, under its idempotency key. */
export interface AlertPostRecord {
  readonly key: string;
  readonly platform: string;
  readonly channel: string;
  /** For log lines, e.g. `lobby-busy alert for Lobby (1)`. */
  readonly description: string;
  /** The rendered notice, as JSON (an attachment's bytes in base64). */
  readonly message: StoredValue;
}

/** What became of a post: delivered, given up after its attempts, or dropped from a full queue. */
export type AlertPostOutcome = 'sent' | 'failed' | 'dropped';

/** One evaluation's writes, committed together. */
export interface AlertStateCommit {
  /** Conditions new or changed. */
  readonly put: readonly AlertConditionRecord[];
  /** Conditions no longer tracked. */
  readonly remove: ReadonlyArray<{ readonly rule: string; readonly key: string }>;
  /** Rules whose mute the evaluation saw end: removed, unless muted again since (ending after `now`). */
  readonly expiredMutes: readonly string[];
  /** Posts the new state implies, in order; a key already written is not written again. */
  readonly posts: readonly AlertPostRecord[];
}

/**
 * The alert engine's state by server group: the conditions (written by the leader's engine),
 * the mutes (written by any instance's command, read by the engine at each evaluation), and the
 * outbox of posts (written with the state that implies them, marked once sent).
 */
export interface AlertRecords {
  conditions(group: string): Promise<AlertConditionRecord[]>;
  mutes(group: string): Promise<AlertMuteRecord[]>;
  /** Mutes the rule, replacing any mute it had. */
  mute(group: string, mute: AlertMuteRecord): Promise<void>;
  /** Removes the rule's mute: the one removed, or undefined when there was none. */
  unmute(group: string, rule: string): Promise<AlertMuteRecord | undefined>;
  /**
   * The conditions and the posts in one transaction: both or neither. Resolves with the keys of
   * the posts this call wrote (a key written before, by this instance or another, is left as it was).
   */
  commit(group: string, change: AlertStateCommit, now: number): Promise<ReadonlySet<string>>;
  /** Posts written and not yet finished, in the order they were written. */
  unfinishedPosts(group: string): Promise<AlertPostRecord[]>;
  /** Marks a post finished; its message is dropped, its key kept (it is never written again). */
  finishPost(group: string, key: string, outcome: AlertPostOutcome, now: number): Promise<void>;
  /** Removes the posts finished before `before`; resolves with how many went. */
  pruneFinishedPosts(group: string, before: number): Promise<number>;
  /** Whether the group's alert state is kept here already (imported, or begun with nothing to import). */
  imported(group: string): Promise<boolean>;
  /**
   * Puts the conditions and mutes of a state kept before (alerts.json) once per group, ever: of
   * instances importing together, one does it. True when this call did; `now` is recorded as when.
   */
  importOnce(
    group: string,
    state: {
      readonly conditions: readonly AlertConditionRecord[];
      readonly mutes: readonly AlertMuteRecord[];
    },
    now: number,
  ): Promise<boolean>;
}

/** One entry of the audit chain, as kept. */
export interface AuditRecord {
  /** 1, 2, 3, … in the order the entries joined the chain. */
  readonly seq: number;
  /** The entry's canonical JSON: what its hash covers (see audit-chain.ts). */
  readonly entry: string;
  readonly prevHash: string;
  readonly hash: string;
  /** Copies of the entry's values, for filters: its time (ms since the epoch), user, operation, outcome. */
  readonly at: number;
  readonly userId: string;
  /** The user's name folded by foldUserName, or null when the entry has none. */
  readonly userNameFolded: string | null;
  readonly operation: string;
  readonly outcome: string;
}

/** What an append is given: the entry and its values; the chain gives the rest. */
export type AuditRecordInput = Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>;

/** Which entries a read keeps; every member given must match. */
export interface AuditRecordFilter {
  /** The user's id, or their name without regard to case. */
  readonly user?: string;
  /** An operation's name, or a family of them ending in `.*` (`room.*`). */
  readonly operation?: string;
  /** Entries at or after this time (ms since the epoch). */
  readonly since?: number;
  readonly outcome?: string;
}

/** What the one-time import of an earlier release's audit file did. */
export type AuditImport =
  | { readonly outcome: 'imported'; readonly count: number }
  /** Imported before (by this instance or another): nothing is done again. */
  | {
      readonly outcome: 'already-imported';
      readonly source: string;
      readonly count: number;
      readonly at: number;
    };

/**
 * The audit log: append only, each entry chained to the one before by hash, one chain however
 * many instances append (appends take turns in the database).
 */
export interface AuditRecords {
  /** Appends the entries at the head of the chain, in order, in one transaction; resolves with them as chained. */
  append(inputs: readonly AuditRecordInput[]): Promise<readonly AuditRecord[]>;
  /** The last `count` entries that match, oldest first. */
  last(count: number, filter?: AuditRecordFilter): Promise<readonly AuditRecord[]>;
  /** The first `count` entries after `seq` that match, in order (0: from the start). */
  after(seq: number, count: number, filter?: AuditRecordFilter): Promise<readonly AuditRecord[]>;
  /**
   * Appends what `batches` gives, once ever, in one transaction: of instances importing together,
   * one does it, and later calls only say when it was done. `source` and `now` are recorded.
   */
  importOnce(
    source: string,
    batches: AsyncIterable<readonly AuditRecordInput[]>,
    now: number,
  ): Promise<AuditImport>;
}

export interface StateStore {
  readonly kind: StoreKind;
  /** Where it is, for the log: the SQLite file, or the PostgreSQL host and database (never the password). */
  readonly location: string;
  readonly entries: ExpiringEntries;
  readonly cooldowns: CooldownSlots;
  readonly leases: Leases;
  readonly rooms: RoomNameRecords;
  readonly alerts: AlertRecords;
  readonly audit: AuditRecords;
  /** The occupancy history (minutes, then hours), per server group. */
  readonly history: OccupancyRecords;
  close(): Promise<void>;
}
