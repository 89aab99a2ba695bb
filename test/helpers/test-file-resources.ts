import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { freshDatabase } from './postgres.ts';

/** What a test file makes as it goes: removed after its last test. */
export interface TestFileResources {
  /** A fresh folder under the system's temporary folder. */
  folder(prefix: string): Promise<string>;
  /** A fresh PostgreSQL database (freshDatabase). */
  database(): ReturnType<typeof freshDatabase>;
}

/** Call it at the top level of the test file: it registers the afterAll that removes everything. */
export function testFileResources(): TestFileResources {
  const folders: string[] = [];
  const databases: Array<{ drop(): Promise<void> }> = [];
  afterAll(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
    await Promise.all(databases.map((database) => database.drop()));
  });
  return {
    async folder(prefix) {
      const folder = await mkdtemp(join(tmpdir(), prefix));
      folders.push(folder);
      return folder;
    },
    async database() {
      const database = await freshDatabase();
      databases.push(database);
      return database;
    },
  };
}
