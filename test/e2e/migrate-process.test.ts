import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../src/state/index.ts';
import { buildPrograms, builtProgram, runNode } from '../helpers/program-run.ts';
import { testFileResources } from '../helpers/test-file-resources.ts';

/** `npm run migrate` as a process: the state store's schema brought up to date without the bot. */

const made = testFileResources();

beforeAll(buildPrograms, 60_000);

async function migrate(config: string, env: Record<string, string> = {}) {
  const cwd = await made.folder('flashchat-migrate-');
  await writeFile(join(cwd, 'chatops.yml'), config);
  return migrateIn(cwd, env);
}

function migrateIn(cwd: string, env: Record<string, string>) {
  return runNode([builtProgram('app/migrate.ts')], cwd, { FLASHCHAT_API_PASSWORD: 'pw', ...env });
}

describe('npm run migrate', () => {
  it('SQLite: makes the schema in the state folder', async () => {
    const first = await migrate('state: { dir: ./state }\n');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      new RegExp(`sqlite at .*state\\.sqlite: schema 0 -> ${LATEST_SCHEMA_VERSION}: 1 expiring entries`),
    );
  });

  it('PostgreSQL: migrates once, refuses a database a newer release migrated, never shows the URL', async () => {
    const database = await made.database();
    const password = new URL(database.url).password;
    const env = { CHATOPS_DATABASE_URL: database.url };
    const config = 'state: { store: postgres }\n';
    const cwd = await made.folder('flashchat-migrate-');
    await writeFile(join(cwd, 'chatops.yml'), config);

    const first = await migrateIn(cwd, env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/postgres 127\.0\.0\.1:\d+\/test_\w+: schema 0 -> \d+/);
    const again = await migrateIn(cwd, env);
    expect(again.stdout).toContain(`already at schema ${LATEST_SCHEMA_VERSION}, nothing to do`);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'later', 0)", [
      LATEST_SCHEMA_VERSION + 1,
    ]);
    await client.end();
    const refused = await migrateIn(cwd, env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `has schema version ${LATEST_SCHEMA_VERSION + 1}, newer than this flashchat-ops knows`,
    );
    for (const output of [first, again, refused]) {
      expect(`${output.stdout}${output.stderr}`).not.toContain(database.url);
      expect(`${output.stdout}${output.stderr}`).not.toContain(password);
    }
  });

  it('refuses state.store: postgres without CHATOPS_DATABASE_URL, and a URL that is not PostgreSQL, without echoing it', async () => {
    const missing = await migrate('state: { store: postgres }\n');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('state.store is postgres, but CHATOPS_DATABASE_URL is not set');
    const bad = await migrate('state: { store: postgres }\n', {
      CHATOPS_DATABASE_URL: 'mysql://u:s3cret@db/x',
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('CHATOPS_DATABASE_URL is not a PostgreSQL URL');
    expect(bad.stderr).not.toContain('s3cret');
  });
});
