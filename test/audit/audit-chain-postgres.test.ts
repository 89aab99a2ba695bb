import pg from 'pg';
import { openStateStore } from '../../src/state/index.ts';
import { testFileResources } from '../helpers/test-file-resources.ts';
import { auditChainContract } from './audit-chain-contract.ts';

/** The audit chain on a real PostgreSQL (started by the tests), shared by two instances. */

const made = testFileResources();

auditChainContract('PostgreSQL', {
  async open() {
    const database = await made.database();
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
