import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, postgresUrl } from '../helpers/postgres.ts';

/** The test harness itself: a real PostgreSQL (>= 16) on loopback, one empty database per caller. */
describe('the PostgreSQL test harness', () => {
  const dropped: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of dropped) await drop();
  });

  async function connect(url: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  }

  it('runs a real PostgreSQL 16 or newer on loopback', async () => {
    const url = new URL(postgresUrl());
    if (!process.env.CHATOPS_TEST_DATABASE_URL) expect(url.hostname).toBe('127.0.0.1');
    const client = await connect(url.href);
    try {
      const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
      expect(Number(rows[0]?.v)).toBeGreaterThanOrEqual(160000);
    } finally {
      await client.end();
    }
  });

  it('gives each caller an empty database that the others do not see', async () => {
    const first = await freshDatabase();
    dropped.push(first.drop);
    const second = await freshDatabase();
    dropped.push(second.drop);
    expect(first.url).not.toBe(second.url);

    const a = await connect(first.url);
    const b = await connect(second.url);
    try {
      await a.query('CREATE TABLE harness_probe (id integer PRIMARY KEY, note text NOT NULL)');
      await a.query("INSERT INTO harness_probe VALUES (1, 'only in the first')");
      expect((await a.query('SELECT note FROM harness_probe')).rows).toEqual([{ note: 'only in the first' }]);

      const seen = await b.query("SELECT to_regclass('public.harness_probe') AS t");
      expect(seen.rows[0]).toEqual({ t: null });
      await expect(b.query('SELECT * FROM harness_probe')).rejects.toThrow(/does not exist/);
    } finally {
      await a.end();
      await b.end();
    }

    await first.drop();
    const admin = await connect(postgresUrl());
    try {
      const name = new URL(first.url).pathname.slice(1);
      const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      expect(left.rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });
});
