import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteConnection, openStateStore } from '../../src/state/index.ts';
import { stateStoreContract } from './store-contract.ts';

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function freshFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-state-'));
  folders.push(folder);
  return folder;
}

stateStoreContract('SQLite', {
  open: async () => (await openStateStore({ store: 'sqlite', dir: await freshFolder() })).store,
  connect: async () => openSqliteConnection(join(await freshFolder(), 'bare.sqlite')),
});

describe('SQLite: the store outlives the process that wrote it', () => {
  it('a second opening of the file sees the entries, slots and leases of the first', async () => {
    const dir = await freshFolder();
    const now = Date.parse('2030-01-01T12:00:00Z');
    const first = await openStateStore({ store: 'sqlite', dir });
    await first.store.entries.put('confirmations', 'c1', { room: 7 }, now + 60_000);
    await first.store.leases.acquire('watchers', 'host-a', now + 15_000, now);
    await first.store.close();
    const second = await openStateStore({ store: 'sqlite', dir });
    try {
      expect(second.migrations.applied).toEqual([]);
      expect(await second.store.entries.get('confirmations', 'c1', now)).toEqual({ room: 7 });
      expect(await second.store.leases.current('watchers', now)).toEqual({
        holder: 'host-a',
        expiresAt: now + 15_000,
      });
    } finally {
      await second.store.close();
    }
  });
});
