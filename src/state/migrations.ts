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
  {
    version: 4,
    name: 'alert state, mutes and the alert outbox',
    statements: [
      // What the leader's engine tracks, one row per rule and condition (a room, or the group).
      `CREATE TABLE alert_conditions (
        server_group TEXT NOT NULL,
        rule TEXT NOT NULL,
        condition_key TEXT NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (server_group, rule, condition_key)
      )`,
      // Apart from the conditions: any instance's command writes a mute, the engine only reads it.
      `CREATE TABLE alert_mutes (
        server_group TEXT NOT NULL,
        rule TEXT NOT NULL,
        until_at BIGINT NOT NULL,
        muted_by TEXT NOT NULL,
        PRIMARY KEY (server_group, rule)
      )`,
      // One row per group once its alert state is kept here (alerts.json imported, or none to
      // import): the import is never repeated. The token says which instance's import won.
      `CREATE TABLE alert_state_imports (
        server_group TEXT PRIMARY KEY,
        token TEXT NOT NULL,
        imported_at BIGINT NOT NULL
      )`,
      // Posts written before they are sent; one row per idempotency key, ever.
      `CREATE TABLE alert_outbox (
        server_group TEXT NOT NULL,
        post_key TEXT NOT NULL,
        seq BIGINT NOT NULL,
        platform TEXT NOT NULL,
        channel TEXT NOT NULL,
        description TEXT NOT NULL,
        message TEXT NOT NULL,
        written_at BIGINT NOT NULL,
        finished_at BIGINT,
        outcome TEXT,
        PRIMARY KEY (server_group, post_key)
      )`,
      'CREATE INDEX alert_outbox_unfinished ON alert_outbox (server_group, seq) WHERE finished_at IS NULL',
    ],
  },
  {
    version: 5,
    name: 'remembered rooms',
    statements: [
      `CREATE TABLE remembered_rooms (
        server_group TEXT NOT NULL,
        room_id BIGINT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (server_group, room_id)
      )`,
      // One row per group once its rooms.json was imported: the import is never repeated, even
      // after every remembered room is forgotten.
      `CREATE TABLE remembered_room_imports (
        server_group TEXT PRIMARY KEY,
        imported_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    name: 'the audit chain',
    statements: [
      // Append only: each entry's canonical JSON, chained to the one before by hash (see
      // audit-chain.ts). The columns before `entry` are copies of its values, for the filters of
      // /chat audit; verifying the chain checks them against it.
      `CREATE TABLE audit_entries (
        seq BIGINT PRIMARY KEY,
        at BIGINT NOT NULL,
        user_id TEXT NOT NULL,
        user_name_folded TEXT,
        operation TEXT NOT NULL,
        outcome TEXT NOT NULL,
        entry TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      )`,
      'CREATE INDEX audit_entries_at ON audit_entries (at)',
      // One row once the JSONL file of an earlier release was imported (or found unneeded): the
      // import is never repeated.
      `CREATE TABLE audit_imports (
        name TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        entries BIGINT NOT NULL,
        imported_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    version: 3,
    name: 'occupancy history',
    statements: [
      // Per server group: a row a minute for the totals, one per room and minute for the rooms
      // written that minute (the key's order serves both a room's series and the hourly folding).
      `CREATE TABLE occupancy_total_minutes (
        server_group TEXT NOT NULL,
        minute BIGINT NOT NULL,
        logged_in BIGINT,
        logged_in_peak BIGINT,
        connections BIGINT,
        connections_peak BIGINT,
        rooms BIGINT,
        PRIMARY KEY (server_group, minute)
      )`,
      `CREATE TABLE occupancy_room_minutes (
        server_group TEXT NOT NULL,
        minute BIGINT NOT NULL,
        room BIGINT NOT NULL,
        users BIGINT NOT NULL,
        peak BIGINT NOT NULL,
        PRIMARY KEY (server_group, minute, room)
      )`,
      `CREATE TABLE occupancy_total_hours (
        server_group TEXT NOT NULL,
        hour BIGINT NOT NULL,
        minutes BIGINT NOT NULL,
        logged_in_avg DOUBLE PRECISION,
        logged_in_peak BIGINT,
        connections_avg DOUBLE PRECISION,
        connections_peak BIGINT,
        rooms_peak BIGINT,
        PRIMARY KEY (server_group, hour)
      )`,
      `CREATE TABLE occupancy_room_hours (
        server_group TEXT NOT NULL,
        hour BIGINT NOT NULL,
        room BIGINT NOT NULL,
        users_avg DOUBLE PRECISION NOT NULL,
        peak BIGINT NOT NULL,
        PRIMARY KEY (server_group, hour, room)
      )`,
      // One row per group once the occupancy.sqlite of an earlier release was imported: never again.
      `CREATE TABLE occupancy_imports (
        server_group TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        imported_at BIGINT NOT NULL
      )`,
    ],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((latest, step) => Math.max(latest, step.version), 0);
