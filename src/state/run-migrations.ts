/**
 * Brings a database to the schema this code knows, at start (and by `npm run migrate`): the
 * steps it has not had yet, all in one transaction (a failed step leaves the schema as it was),
 * with instances that start together taking turns. A database already past this code's schema (migrated by a newer release) is refused,
 * not written to: the newer release may rely on what an older one would break.
 */

import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations.ts';
import type { SqlConnection } from './sql-connection.ts';

export class SchemaTooNewError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly knownVersion: number,
    where: string,
  ) {
    super(
      `the state database ${where} has schema version ${databaseVersion}, newer than this flashchat-ops knows (${knownVersion}): it was migrated by a newer release. Run that release (or a newer one), or point state at another database.`,
    );
    this.name = 'SchemaTooNewError';
  }
}

export interface MigrationReport {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly Migration[];
}

export async function runMigrations(
  connection: SqlConnection,
  where: string,
  now: () => number = Date.now,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationReport> {
  const known = migrations === MIGRATIONS ? LATEST_SCHEMA_VERSION : latestOf(migrations);
  return connection.exclusively(async (db) => {
    await db.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    const [row] = await db.query('SELECT MAX(version) AS version FROM schema_migrations');
    const from = Number(row?.version ?? 0);
    if (from > known) throw new SchemaTooNewError(from, known, where);
    const pending = migrations.filter((step) => step.version > from).sort((a, b) => a.version - b.version);
    for (const step of pending) {
      for (const statement of step.statements) await db.query(statement);
      await db.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        step.version,
        step.name,
        now(),
      ]);
    }
    return { from, to: Math.max(from, ...pending.map((step) => step.version)), applied: pending };
  });
}

function latestOf(migrations: readonly Migration[]): number {
  return migrations.reduce((latest, step) => Math.max(latest, step.version), 0);
}
