import { afterAll } from 'vitest';
import { openPostgresConnection, openStateStore } from '../../src/state/index.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { alertStoreBehaviour } from './alert-store-behaviour.ts';

/** The alert state, mutes and outbox on a real PostgreSQL (started by the tests), as instances share it. */

const databases: Array<{ drop(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

alertStoreBehaviour('PostgreSQL', {
  async database() {
    const database = await freshDatabase();
    databases.push(database);
    return {
      open: async () => (await openStateStore({ store: 'postgres', url: database.url })).store,
      connect: async () => openPostgresConnection({ url: database.url }).connection,
    };
  },
});
