/**
 * The state store: what must outlive a process or be seen by every instance (see state-store.ts).
 */

export { chainHash, foldUserName, GENESIS_HASH } from './audit-chain.ts';
export { holderProcessIsGone, instanceName } from './instance-name.ts';
export { Leadership, type LeadershipOptions, type LeadershipStatus, type LeaderWork } from './leadership.ts';
export { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations.ts';
export type {
  HistoryCounts,
  HistoryImport,
  HistoryPolicy,
  HistoryRowBatch,
  MaintenanceResult,
  OccupancyRecords,
  OccupancySample,
  OccupancyTotals,
  Resolution,
  RoomHourRow,
  RoomMinuteRow,
  SeriesPoint,
  SeriesQuery,
  TotalHourRow,
  TotalMinuteRow,
} from './occupancy-records.ts';
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
export type { SqlConnection, SqlParameter, SqlRow, SqlStatement } from './sql-connection.ts';
export { sqlStateStore } from './sql-state-store.ts';
export { openSqliteConnection } from './sqlite-connection.ts';
export type {
  AlertConditionRecord,
  AlertMuteRecord,
  AlertPostOutcome,
  AlertPostRecord,
  AlertRecords,
  AlertStateCommit,
  AuditImport,
  AuditRecord,
  AuditRecordFilter,
  AuditRecordInput,
  AuditRecords,
  CooldownSlots,
  ExpiringEntries,
  LeaseHolder,
  Leases,
  RoomNameRecords,
  RoomNamesImport,
  SlotReservation,
  StateStore,
  StoredValue,
  StoreKind,
} from './state-store.ts';
export { asStoredValue } from './stored-value.ts';
