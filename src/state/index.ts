/**
 * The state store: what must outlive a process or be seen by every instance (see state-store.ts).
 */

export { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations.ts';
export {
  type OpenedStateStore,
  openStateStore,
  SQLITE_STATE_FILE_NAME,
  type StateStoreSettings,
} from './open-state-store.ts';
export {
  databaseSecrets,
  describeDatabase,
  openPostgresConnection,
  type PostgresSettings,
} from './postgres-connection.ts';
export { type MigrationReport, runMigrations, SchemaTooNewError } from './run-migrations.ts';
export type { SqlConnection, SqlParameter, SqlRow } from './sql-connection.ts';
export { sqlStateStore } from './sql-state-store.ts';
export { openSqliteConnection } from './sqlite-connection.ts';
export type {
  CooldownSlots,
  ExpiringEntries,
  LeaseHolder,
  Leases,
  SlotReservation,
  StateStore,
  StoredValue,
  StoreKind,
} from './state-store.ts';
export { asStoredValue } from './stored-value.ts';
