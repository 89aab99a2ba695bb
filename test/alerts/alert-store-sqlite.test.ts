import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteConnection, openStateStore, SQLITE_STATE_FILE_NAME } from '../../src/state/index.ts';
import { alertStoreBehaviour } from './alert-store-behaviour.ts';

/** The alert state, mutes and outbox on SQLite: one file, each connection a process's own. */

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

alertStoreBehaviour('SQLite', {
  async database() {
    const dir = await mkdtemp(join(tmpdir(), 'flashchat-alert-store-'));
    folders.push(dir);
    return {
      open: async () => (await openStateStore({ store: 'sqlite', dir })).store,
      connect: async () => openSqliteConnection(join(dir, SQLITE_STATE_FILE_NAME)),
    };
  },
});
