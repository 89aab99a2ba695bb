import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, openPostgresConnection, openStateStore } from '../../src/state/index.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { stateStoreContract } from './store-contract.ts';

/** The PostgreSQL store against a real PostgreSQL (started by the tests): the same contract as SQLite's. */

const databases: Array<{ drop(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

async function emptyDatabase(): Promise<string> {
  const database = await freshDatabase();
  databases.push(database);
  return database.url;
}

stateStoreContract('PostgreSQL', {
  open: async () => (await openStateStore({ store: 'postgres', url: await emptyDatabase() })).store,
  connect: async () => openPostgresConnection({ url: await emptyDatabase() }).connection,
});

describe('PostgreSQL: instances sharing one database', () => {
  it('two stores starting together migrate once; each sees what the other wrote', async () => {
    const url = await emptyDatabase();
    const [a, b] = await Promise.all([
      openStateStore({ store: 'postgres', url }),
      openStateStore({ store: 'postgres', url }),
    ]);
    try {
      expect([a.migrations.applied.length, b.migrations.applied.length].sort()).toEqual([
        0,
        MIGRATIONS.length,
      ]);
      const now = Date.parse('2030-01-01T12:00:00Z');
      await a.store.entries.put('confirmations', 'c1', { room: 5 }, now + 60_000);
      expect(await b.store.entries.take('confirmations', 'c1', now)).toEqual({ room: 5 });
      expect(await a.store.entries.take('confirmations', 'c1', now)).toBeUndefined();
      expect(a.store.location).toMatch(/^postgres 127\.0\.0\.1:\d+\/test_/);
      expect(a.store.location).not.toContain('@');
    } finally {
      await Promise.all([a.store.close(), b.store.close()]);
    }
  });
});
