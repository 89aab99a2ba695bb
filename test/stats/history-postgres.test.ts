import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/state/index.ts';
import { testFileResources } from '../helpers/test-file-resources.ts';
import { historyOf, occupancyHistoryContract } from './history-contract.ts';
import {
  freshFolder,
  historyImportContract,
  importInto,
  oldCounts,
  writeOldHistoryFile,
} from './history-import-contract.ts';

/** The occupancy history in the PostgreSQL state store, on a real PostgreSQL (started by the tests). */

const made = testFileResources();

const subject = {
  async open() {
    const database = await made.database();
    const { store } = await openStateStore({ store: 'postgres', url: database.url });
    // Another pool on the same database: a restart, or a second instance.
    return {
      store,
      again: async () => (await openStateStore({ store: 'postgres', url: database.url })).store,
    };
  },
};

occupancyHistoryContract('PostgreSQL', subject);
historyImportContract('PostgreSQL', subject);

describe('PostgreSQL: instances sharing one database', () => {
  it('two instances starting together with the old file: one imports, the other finds it done', async () => {
    const path = join(await freshFolder(), 'occupancy.sqlite');
    await writeOldHistoryFile(path);
    const counts = oldCounts(path);
    const { store, again } = await subject.open();
    const second = await again();
    try {
      const log: string[] = [];
      const outcomes = await Promise.all([importInto(store, path, log), importInto(second, path, log)]);
      expect(outcomes.filter((outcome) => outcome?.outcome === 'imported')).toHaveLength(1);
      expect(log).toHaveLength(1);
      expect(await historyOf(store).counts()).toEqual(counts);
      expect(await historyOf(second).counts()).toEqual(counts);
    } finally {
      await Promise.all([store.close(), second.close()]);
    }
  });
});
