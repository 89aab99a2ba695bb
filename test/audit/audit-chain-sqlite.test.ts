import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteConnection, openStateStore } from '../../src/state/index.ts';
import { auditChainContract } from './audit-chain-contract.ts';

/** The audit chain on SQLite: one file, one process (no second instance to race). */

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

auditChainContract('SQLite', {
  async open() {
    const dir = await mkdtemp(join(tmpdir(), 'flashchat-audit-chain-'));
    folders.push(dir);
    const { store } = await openStateStore({ store: 'sqlite', dir });
    return {
      store,
      async tamper(sql, parameters = []) {
        const intruder = openSqliteConnection(store.location);
        try {
          await intruder.query(sql, parameters);
        } finally {
          await intruder.close();
        }
      },
    };
  },
});
