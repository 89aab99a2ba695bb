import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openStateStore } from '../../src/state/index.ts';
import { rememberedRoomsContract } from './remembered-rooms-contract.ts';

/** The remembered rooms on SQLite: two stores on one file stand for a restart, or a second process. */

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

rememberedRoomsContract('SQLite', {
  async openPair() {
    const dir = await mkdtemp(join(tmpdir(), 'flashchat-rooms-state-'));
    folders.push(dir);
    const first = await openStateStore({ store: 'sqlite', dir });
    const second = await openStateStore({ store: 'sqlite', dir });
    return [first.store, second.store] as const;
  },
});
