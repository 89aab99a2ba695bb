import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openStateStore } from '../../src/state/index.ts';
import { occupancyHistoryContract } from './history-contract.ts';
import { historyImportContract } from './history-import-contract.ts';

/** The occupancy history in the SQLite state store (one file, `state.sqlite`). */

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

const subject = {
  async open() {
    const dir = await mkdtemp(join(tmpdir(), 'flashchat-history-'));
    folders.push(dir);
    const { store } = await openStateStore({ store: 'sqlite', dir });
    // Another connection to the same file: a restart, or a second process.
    return { store, again: async () => (await openStateStore({ store: 'sqlite', dir })).store };
  },
};

occupancyHistoryContract('SQLite', subject);
historyImportContract('SQLite', subject);
