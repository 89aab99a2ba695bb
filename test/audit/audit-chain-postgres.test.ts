import pg from 'pg';
import { afterAll } from 'vitest';
import { openStateStore } from '../../src/state/index.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { auditChainContract } from './audit-chain-contract.ts';

/** The audit chain on a real PostgreSQL (started by the tests), shared by two instances. */

const databases: Array<{ drop(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

auditChainContract('PostgreSQL', {
  async open() {
    const database = await freshDatabase();
    databases.push(database);
    const { store } = await openStateStore({ store: 'postgres', url: database.url });
    return {
      store,
      async tamper(sql, parameters = []) {
        const intruder = new pg.Client({ connectionString: database.url });
        await intruder.connect();
        try {
          let index = 0;
          await intruder.query(
            sql.replace(/\?/g, () => `$${++index}`),
            [...parameters],
          );
        } finally {
          await intruder.end();
        }
      },
      another: async () => (await openStateStore({ store: 'postgres', url: database.url })).store,
    };
  },
});
