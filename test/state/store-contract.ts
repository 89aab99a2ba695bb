import { describe, expect, it } from 'vitest';
import {
  LATEST_SCHEMA_VERSION,
  type Migration,
  runMigrations,
  SchemaTooNewError,
  type SqlConnection,
  type StateStore,
} from '../../src/state/index.ts';

/**
 * What every state store must do, whichever database is behind it: the same cases run against
 * SQLite and PostgreSQL. `open` gives a store on an empty database (migrated); `connect` a bare
 * connection to another empty one, for the migration cases.
 */
export interface ContractSubject {
  open(): Promise<StateStore>;
  connect(): Promise<SqlConnection>;
}

const T0 = Date.parse('2030-01-01T12:00:00Z');
const BURST = 20;

export function stateStoreContract(name: string, subject: ContractSubject): void {
  describe(`${name}: expiring entries`, () => {
    it('gives back what was put, byte for byte, until it expires', async () => {
      const store = await subject.open();
      try {
        const value = { text: 'Grüße <!channel> 🎉', list: [1, 2.5, null, true], nested: { a: '' } };
        await store.entries.put('pages', 'k1', value, T0 + 1000);
        expect(await store.entries.get('pages', 'k1', T0)).toEqual(value);
        expect(await store.entries.get('pages', 'k1', T0 + 999)).toEqual(value);
        expect(await store.entries.get('pages', 'k1', T0 + 1000)).toBeUndefined();
        // Scopes keep keys apart.
        expect(await store.entries.get('prompts', 'k1', T0)).toBeUndefined();
        await store.entries.put('pages', 'k1', 'replaced', T0 + 5000);
        expect(await store.entries.get('pages', 'k1', T0 + 2000)).toBe('replaced');
        await store.entries.delete('pages', 'k1');
        expect(await store.entries.get('pages', 'k1', T0)).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('puts only when no live entry has the key: of concurrent puts exactly one wins', async () => {
      const store = await subject.open();
      try {
        const wins = await Promise.all(
          Array.from({ length: BURST }, (_, index) =>
            store.entries.putIfAbsent('redelivery', 'Ev01', index, T0 + 1000, T0),
          ),
        );
        expect(wins.filter(Boolean)).toHaveLength(1);
        expect(await store.entries.get('redelivery', 'Ev01', T0)).toBe(wins.indexOf(true));
        // Expired, the key is free again.
        expect(await store.entries.putIfAbsent('redelivery', 'Ev01', 'again', T0 + 3000, T0 + 1000)).toBe(
          true,
        );
        expect(await store.entries.get('redelivery', 'Ev01', T0 + 1500)).toBe('again');
      } finally {
        await store.close();
      }
    });

    it('hands a live entry to one taker only, and none once expired', async () => {
      const store = await subject.open();
      try {
        await store.entries.put('confirmations', 'c1', { op: 'room.delete', room: 5 }, T0 + 1000);
        const takes = await Promise.all(
          Array.from({ length: BURST }, () => store.entries.take('confirmations', 'c1', T0)),
        );
        expect(takes.filter((taken) => taken !== undefined)).toEqual([{ op: 'room.delete', room: 5 }]);
        await store.entries.put('confirmations', 'c2', 'late', T0 + 1000);
        expect(await store.entries.take('confirmations', 'c2', T0 + 1000)).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('sweeps the expired entries of every scope, and only those', async () => {
      const store = await subject.open();
      try {
        await store.entries.put('a', '1', 1, T0 + 10);
        await store.entries.put('b', '2', 2, T0 + 20);
        await store.entries.put('b', '3', 3, T0 + 1000);
        expect(await store.entries.sweep(T0 + 20)).toBe(2);
        expect(await store.entries.get('b', '3', T0 + 20)).toBe(3);
        expect(await store.entries.sweep(T0 + 20)).toBe(0);
      } finally {
        await store.close();
      }
    });
  });

  describe(`${name}: cooldown slots`, () => {
    it(`of ${BURST} concurrent reservations of one slot exactly one gets it; the rest learn when it frees`, async () => {
      const store = await subject.open();
      try {
        const reservations = await Promise.all(
          Array.from({ length: BURST }, () => store.cooldowns.reserve('U1\nbroadcast', T0 + 10_000, T0)),
        );
        expect(reservations.filter((reservation) => reservation.ok)).toHaveLength(1);
        for (const reservation of reservations.filter((candidate) => !candidate.ok))
          expect(reservation).toEqual({ ok: false, freeAt: T0 + 10_000 });
        // Another user, another slot.
        expect((await store.cooldowns.reserve('U2\nbroadcast', T0 + 10_000, T0)).ok).toBe(true);
        // Over, the slot is free again.
        expect((await store.cooldowns.reserve('U1\nbroadcast', T0 + 20_000, T0 + 10_000)).ok).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('a reservation given back frees the slot; a stale token changes nothing; extend moves the end', async () => {
      const store = await subject.open();
      try {
        const first = await store.cooldowns.reserve('U1\nroom.edit', T0 + 10_000, T0);
        if (!first.ok) throw new Error('the first reservation was refused');
        await store.cooldowns.release('U1\nroom.edit', 'not-the-token');
        expect(await store.cooldowns.reserve('U1\nroom.edit', T0 + 10_000, T0)).toEqual({
          ok: false,
          freeAt: T0 + 10_000,
        });
        await store.cooldowns.extend('U1\nroom.edit', first.token, T0 + 15_000);
        expect(await store.cooldowns.reserve('U1\nroom.edit', T0 + 20_000, T0 + 12_000)).toEqual({
          ok: false,
          freeAt: T0 + 15_000,
        });
        await store.cooldowns.release('U1\nroom.edit', first.token);
        expect((await store.cooldowns.reserve('U1\nroom.edit', T0 + 20_000, T0 + 12_000)).ok).toBe(true);
      } finally {
        await store.close();
      }
    });
  });

  describe(`${name}: leases`, () => {
    it('one holder at a time; renewed by its holder; free once expired or let go', async () => {
      const store = await subject.open();
      try {
        const leases = store.leases;
        const contenders = await Promise.all(
          ['a', 'b', 'c', 'd'].map((holder) => leases.acquire('watchers', holder, T0 + 15_000, T0)),
        );
        expect(contenders.filter(Boolean)).toHaveLength(1);
        const holder = ['a', 'b', 'c', 'd'][contenders.indexOf(true)] ?? '';
        const other = holder === 'a' ? 'b' : 'a';
        expect(await leases.current('watchers', T0)).toEqual({ holder, expiresAt: T0 + 15_000 });
        expect(await leases.acquire('watchers', holder, T0 + 25_000, T0 + 10_000)).toBe(true);
        expect(await leases.acquire('watchers', other, T0 + 30_000, T0 + 20_000)).toBe(false);
        // Not renewed in time: another takes it, and the old holder has lost it.
        expect(await leases.acquire('watchers', other, T0 + 40_000, T0 + 25_000)).toBe(true);
        expect(await leases.acquire('watchers', holder, T0 + 40_000, T0 + 26_000)).toBe(false);
        await leases.release('watchers', holder);
        expect((await leases.current('watchers', T0 + 26_000))?.holder).toBe(other);
        await leases.release('watchers', other);
        expect(await leases.current('watchers', T0 + 26_000)).toBeUndefined();
        expect(await leases.acquire('watchers', holder, T0 + 50_000, T0 + 27_000)).toBe(true);
        // A holder known dead is replaced before its lease ends; a seize from anyone else is refused.
        expect(await leases.seize('watchers', other, 'e', T0 + 60_000)).toBe(false);
        expect(await leases.seize('watchers', holder, 'e', T0 + 60_000)).toBe(true);
        expect(await leases.current('watchers', T0 + 28_000)).toEqual({
          holder: 'e',
          expiresAt: T0 + 60_000,
        });
      } finally {
        await store.close();
      }
    });
  });

  describe(`${name}: migrations`, () => {
    it('brings an empty database to the latest schema once; a second run applies nothing', async () => {
      const connection = await subject.connect();
      try {
        const first = await runMigrations(connection, 'test db', () => T0);
        expect(first.from).toBe(0);
        expect(first.to).toBe(LATEST_SCHEMA_VERSION);
        const second = await runMigrations(connection, 'test db', () => T0);
        expect(second).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION, applied: [] });
      } finally {
        await connection.close();
      }
    });

    it('refuses a database a newer release migrated, saying what to do, and writes nothing', async () => {
      const connection = await subject.connect();
      try {
        await runMigrations(connection, 'test db');
        const newer = LATEST_SCHEMA_VERSION + 1;
        await connection.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
          newer,
          'from the future',
          T0,
        ]);
        const refusal = await runMigrations(connection, 'the test db').catch((error: unknown) => error);
        expect(refusal).toBeInstanceOf(SchemaTooNewError);
        expect((refusal as Error).message).toBe(
          `the state database the test db has schema version ${newer}, newer than this flashchat-ops knows (${LATEST_SCHEMA_VERSION}): it was migrated by a newer release. Run that release (or a newer one), or point state at another database.`,
        );
      } finally {
        await connection.close();
      }
    });

    it('a step that fails leaves the schema as it was', async () => {
      const connection = await subject.connect();
      try {
        const broken: Migration[] = [
          { version: 1, name: 'good', statements: ['CREATE TABLE good_one (id BIGINT PRIMARY KEY)'] },
          { version: 2, name: 'bad', statements: ['CREATE TABLE good_two (id BIGINT)', 'THIS IS NOT SQL'] },
        ];
        await expect(runMigrations(connection, 'test db', () => T0, broken)).rejects.toThrow();
        const [row] = await connection
          .query('SELECT COUNT(*) AS n FROM schema_migrations')
          .catch(() => [{ n: 0 }]);
        expect(Number(row?.n ?? 0)).toBe(0);
        await expect(connection.query('SELECT id FROM good_one')).rejects.toThrow();
      } finally {
        await connection.close();
      }
    });
  });
}
