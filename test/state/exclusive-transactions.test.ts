import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresConnection, openSqliteConnection, type SqlConnection } from '../../src/state/index.ts';
import { freshDatabase } from '../helpers/postgres.ts';

/** `exclusively`: one transaction at a time per lock name, and, on SQLite, nothing else of the process inside it. */

const folders: string[] = [];
const databases: Array<{ drop(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  await Promise.all(databases.map((database) => database.drop()));
});

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('SQLite: an exclusive transaction that awaits', () => {
  const open = async (): Promise<SqlConnection> => {
    const folder = await mkdtemp(join(tmpdir(), 'flashchat-exclusive-'));
    folders.push(folder);
    const connection = openSqliteConnection(join(folder, 'state.sqlite'));
    await connection.query('CREATE TABLE t (v TEXT)');
    return connection;
  };

  it("keeps the process's other statements out: they run after it, and outlive its rollback", async () => {
    const connection = await open();
    let outside: Promise<unknown> | undefined;
    let together: Promise<unknown> | undefined;
    const failed = connection.exclusively(async (tx) => {
      await tx.query("INSERT INTO t VALUES ('inside')");
      outside = connection.query("INSERT INTO t VALUES ('outside')");
      together = connection.transaction([{ sql: "INSERT INTO t VALUES ('statements')" }]);
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error('rolled back');
    });
    await expect(failed).rejects.toThrow('rolled back');
    await Promise.all([outside, together]);
    expect(await connection.query('SELECT v FROM t ORDER BY v')).toEqual([
      { v: 'outside' },
      { v: 'statements' },
    ]);
    await connection.close();
  });

  it('takes turns with another exclusive transaction of the process, in the order asked', async () => {
    const connection = await open();
    const held = gate();
    const first = connection.exclusively(async (tx) => {
      await tx.query("INSERT INTO t VALUES ('first')");
      await held.opened;
      return 'first';
    });
    const second = connection.exclusively(async (tx) => {
      const seen = await tx.query('SELECT v FROM t');
      return seen.map((row) => row.v);
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    held.open();
    expect(await Promise.all([first, second])).toEqual(['first', ['first']]);
    await connection.close();
  });
});

describe('PostgreSQL: exclusive transactions by lock name', () => {
  it('under one name they take turns; under another they do not wait', async () => {
    const database = await freshDatabase();
    databases.push(database);
    const { connection } = openPostgresConnection({ url: database.url });
    try {
      const held = gate();
      const events: string[] = [];
      const first = connection.exclusively(async () => {
        events.push('a1 in');
        await held.opened;
        events.push('a1 out');
      }, 'a');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const sameName = connection.exclusively(async () => {
        events.push('a2 in');
      }, 'a');
      const otherName = connection.exclusively(async () => {
        events.push('b in');
      }, 'b');
      await otherName;
      await new Promise((resolve) => setTimeout(resolve, 50));
      held.open();
      await Promise.all([first, sameName]);
      expect(events).toEqual(['a1 in', 'b in', 'a1 out', 'a2 in']);
    } finally {
      await connection.close();
    }
  });
});
