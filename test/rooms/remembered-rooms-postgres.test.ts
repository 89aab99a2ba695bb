import { openStateStore } from '../../src/state/index.ts';
import { testFileResources } from '../helpers/test-file-resources.ts';
import { rememberedRoomsContract } from './remembered-rooms-contract.ts';

/** The remembered rooms on a real PostgreSQL (started by the tests): two instances on one database. */

const made = testFileResources();

rememberedRoomsContract('PostgreSQL', {
  async openPair() {
    const database = await made.database();
    const [first, second] = await Promise.all([
      openStateStore({ store: 'postgres', url: database.url }),
      openStateStore({ store: 'postgres', url: database.url }),
    ]);
    return [first.store, second.store] as const;
  },
});
