/**
 * The state store over any SqlConnection: every operation one statement, so that what must
 * happen once (a confirmation claimed, a redelivered event run, a cooldown slot taken, a lease
 * held) is decided by the database, whichever instance asks.
 */

import { randomUUID } from 'node:crypto';
import { sqlAlertRecords } from './sql-alert-records.ts';
import { sqlAuditRecords } from './sql-audit-records.ts';
import type { SqlConnection, SqlRow } from './sql-connection.ts';
import { sqlOccupancyRecords } from './sql-occupancy-records.ts';
import { sqlRoomNames } from './sql-room-names.ts';
import type {
  CooldownSlots,
  ExpiringEntries,
  LeaseHolder,
  Leases,
  SlotReservation,
  StateStore,
  StoredValue,
  StoreKind,
} from './state-store.ts';

export function sqlStateStore(kind: StoreKind, location: string, db: SqlConnection): StateStore {
  return {
    kind,
    location,
    entries: sqlEntries(db),
    cooldowns: sqlCooldowns(db),
    leases: sqlLeases(db),
    rooms: sqlRoomNames(db),
    alerts: sqlAlertRecords(db),
    audit: sqlAuditRecords(db),
    history: sqlOccupancyRecords(db),
    close: () => db.close(),
  };
}

function sqlEntries(db: SqlConnection): ExpiringEntries {
  return {
    async put(scope, key, value, expiresAt) {
      await db.query(
        `INSERT INTO expiring_entries (scope, key, value, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
        [scope, key, JSON.stringify(value), expiresAt],
      );
    },
    async putIfAbsent(scope, key, value, expiresAt, now) {
      // An expired entry is as good as none: it is replaced, and the caller gets the key.
      const rows = await db.query(
        `INSERT INTO expiring_entries (scope, key, value, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
         WHERE expiring_entries.expires_at <= ?
         RETURNING key`,
        [scope, key, JSON.stringify(value), expiresAt, now],
      );
      return rows.length === 1;
    },
    async get(scope, key, now) {
      const [row] = await db.query(
        'SELECT value FROM expiring_entries WHERE scope = ? AND key = ? AND expires_at > ?',
        [scope, key, now],
      );
      return storedValue(row);
    },
    async take(scope, key, now) {
      const [row] = await db.query(
        'DELETE FROM expiring_entries WHERE scope = ? AND key = ? AND expires_at > ? RETURNING value',
        [scope, key, now],
      );
      return storedValue(row);
    },
    async delete(scope, key) {
      await db.query('DELETE FROM expiring_entries WHERE scope = ? AND key = ?', [scope, key]);
    },
    async sweep(now) {
      const rows = await db.query('DELETE FROM expiring_entries WHERE expires_at <= ? RETURNING key', [now]);
      return rows.length;
    },
  };
}

function sqlCooldowns(db: SqlConnection): CooldownSlots {
  return {
    async reserve(key, until, now) {
      return reserveSlot(db, key, until, now, 2);
    },
    async extend(key, token, until) {
      await db.query('UPDATE cooldown_slots SET until_at = ? WHERE key = ? AND token = ?', [
        until,
        key,
        token,
      ]);
    },
    async release(key, token) {
      await db.query('DELETE FROM cooldown_slots WHERE key = ? AND token = ?', [key, token]);
    },
    async heldUntil(key, now) {
      const [row] = await db.query('SELECT until_at FROM cooldown_slots WHERE key = ? AND until_at > ?', [
        key,
        now,
      ]);
      return row === undefined ? undefined : Number(row.until_at);
    },
  };
}

async function reserveSlot(
  db: SqlConnection,
  key: string,
  until: number,
  now: number,
  attempts: number,
): Promise<SlotReservation> {
  const token = randomUUID();
  const taken = await db.query(
    `INSERT INTO cooldown_slots (key, token, until_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET token = excluded.token, until_at = excluded.until_at
     WHERE cooldown_slots.until_at <= ?
     RETURNING token`,
    [key, token, until, now],
  );
  if (taken.length === 1) return { ok: true, token };
  const [held] = await db.query('SELECT until_at FROM cooldown_slots WHERE key = ?', [key]);
  if (held !== undefined) return { ok: false, freeAt: Number(held.until_at) };
  // Released between the two statements: free again, so ask once more (another may take it first).
  return attempts > 1 ? reserveSlot(db, key, until, now, attempts - 1) : { ok: false, freeAt: now };
}

function sqlLeases(db: SqlConnection): Leases {
  return {
    async acquire(name, holder, expiresAt, now) {
      const rows = await db.query(
        `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.holder = excluded.holder OR leases.expires_at <= ?
         RETURNING holder`,
        [name, holder, expiresAt, now],
      );
      return rows.length === 1;
    },
    async release(name, holder) {
      await db.query('DELETE FROM leases WHERE name = ? AND holder = ?', [name, holder]);
    },
    async seize(name, from, holder, expiresAt) {
      const rows = await db.query(
        'UPDATE leases SET holder = ?, expires_at = ? WHERE name = ? AND holder = ? RETURNING holder',
        [holder, expiresAt, name, from],
      );
      return rows.length === 1;
    },
    async current(name, now): Promise<LeaseHolder | undefined> {
      const [row] = await db.query(
        'SELECT holder, expires_at FROM leases WHERE name = ? AND expires_at > ?',
        [name, now],
      );
      return row === undefined
        ? undefined
        : { holder: String(row.holder), expiresAt: Number(row.expires_at) };
    },
  };
}

function storedValue(row: SqlRow | undefined): StoredValue | undefined {
  return row === undefined ? undefined : (JSON.parse(String(row.value)) as StoredValue);
}
