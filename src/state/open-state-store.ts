/**
 * Opens the configured state store and brings its schema up to date before anything uses it:
 * SQLite in `<state.dir>/state.sqlite` by default; PostgreSQL when `state.store: postgres`, at
 * CHATOPS_DATABASE_URL (a secret: from the environment only, never logged).
 */

import { join } from 'node:path';
import { openPostgresConnection, type PostgresSettings } from './postgres-connection.ts';
import { type MigrationReport, runMigrations } from './run-migrations.ts';
import { sqlStateStore } from './sql-state-store.ts';
import { openSqliteConnection } from './sqlite-connection.ts';
import type { StateStore } from './state-store.ts';

export const SQLITE_STATE_FILE_NAME = 'state.sqlite';

export type StateStoreSettings =
  | { readonly store: 'sqlite'; readonly dir: string }
  | ({ readonly store: 'postgres' } & PostgresSettings);

export interface OpenedStateStore {
  readonly store: StateStore;
  readonly migrations: MigrationReport;
}

export async function openStateStore(settings: StateStoreSettings): Promise<OpenedStateStore> {
  const { connection, location } =
    settings.store === 'sqlite'
      ? {
          connection: openSqliteConnection(join(settings.dir, SQLITE_STATE_FILE_NAME)),
          location: join(settings.dir, SQLITE_STATE_FILE_NAME),
        }
      : openPostgresConnection(settings);
  try {
    const migrations = await runMigrations(connection, location);
    return { store: sqlStateStore(settings.store, location, connection), migrations };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
