import { openPostgresConnection, openStateStore } from '../../src/state/index.ts';
import { testFileResources } from '../helpers/test-file-resources.ts';
import { alertStoreBehaviour } from './alert-store-behaviour.ts';

/** The alert state, mutes and outbox on a real PostgreSQL (started by the tests), as instances share it. */

const made = testFileResources();

alertStoreBehaviour('PostgreSQL', {
  async database() {
    const database = await made.database();
    return {
      open: async () => (await openStateStore({ store: 'postgres', url: database.url })).store,
      connect: async () => openPostgresConnection({ url: database.url }).connection,
    };
  },
});
