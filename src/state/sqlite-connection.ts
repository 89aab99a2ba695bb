/**
 * SQLite through better-sqlite3: one file, the embedded default (one process, nothing to
 * install). WAL, so that a reader (another process reading the audit, say) never blocks a write;
 * a busy timeout, so that a second process opening the file waits instead of failing.
 */

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlConnection, SqlParameter, SqlRow } from './sql-connection.ts';

const BUSY_TIMEOUT_MS = 5000;

export function openSqliteConnection(path: string): SqlConnection {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const connection: SqlConnection = {
    async query(sql, parameters: readonly SqlParameter[] = []) {
      const statement = prepared(sql);
      if (statement.reader) return statement.all(...parameters) as SqlRow[];
      statement.run(...parameters);
      return [];
    },
    async exclusively(work) {
      // IMMEDIATE takes the write lock at once: a second process waits here, not halfway through.
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(connection);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async close() {
      db.close();
    },
  };
  return connection;
}
