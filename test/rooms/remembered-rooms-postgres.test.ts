import { afterAll } from 'vitest';
import { openStateStore } from '../../src/state/index.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { rememberedRoomsContract } from './remembered-rooms-contract.ts';

/** The remembered rooms on a real PostgreSQL (started by the tests): two instances on one database. */

const databases: Array<{ drop(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

rememberedRoomsContract('PostgreSQL', {
  async openPair() {
    const database = await freshDatabase();
    databases.push(database);
    const [first, second] = await Promise.all([
      openStateStore({ store: 'postgres', url: database.url }),
      openStateStore({ store: 'postgres', url: database.url }),
    ]);
    return [first.store, second.store] as const;
  },
});
