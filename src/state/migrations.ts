/**
 * The schema, as numbered steps: each runs once, in order, and is recorded in
 * `schema_migrations`. A step is never edited once released; a change is a new step.
 * Types are the ones SQLite and PostgreSQL share (TEXT, BIGINT), so one list serves both.
 */

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'expiring entries, cooldown slots, leases',
    statements: [
      `CREATE TABLE expiring_entries (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        expires_at BIGINT NOT NULL,
        PRIMARY KEY (scope, key)
      )`,
      'CREATE INDEX expiring_entries_expiry ON expiring_entries (expires_at)',
      `CREATE TABLE cooldown_slots (
        key TEXT PRIMARY KEY,
        token TEXT NOT NULL,
        until_at BIGINT NOT NULL
      )`,
      `CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      )`,
    ],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((latest, step) => Math.max(latest, step.version), 0);
