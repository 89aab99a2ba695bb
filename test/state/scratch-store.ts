import {
  openSqliteConnection,
  runMigrations,
  type StateStore,
  sqlStateStore,
} from '../../src/state/index.ts';

/** A state store on an in-memory SQLite database, migrated: for unit tests of what keeps state in it. */
export async function scratchStateStore(): Promise<StateStore> {
  const connection = openSqliteConnection(':memory:');
  await runMigrations(connection, 'memory');
  return sqlStateStore('sqlite', ':memory:', connection);
}
