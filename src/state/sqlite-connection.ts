/**
 * SQLite through better-sqlite3: one file, the embedded default (one process, nothing to
 * install). WAL, so that a reader (another process reading the audit, say) never blocks a write;
 * a busy timeout, so that a second process opening the file waits instead of failing.
 */

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlConnection, SqlParameter, SqlRow, SqlStatement } from './sql-connection.ts';

const BUSY_TIMEOUT_MS = 5000;

export function openSqliteConnection(path: string): SqlConnection {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL syncs at checkpoints, not at every commit: the file stays consistent after
  // a crash, and a power cut may lose the last commits (as the audit file's unsynced appends could
  // before). FULL would block this thread for a disk sync at every commit, the audit's included.
  db.pragma('synchronous = NORMAL');
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const run = (sql: string, parameters: readonly SqlParameter[]): SqlRow[] => {
    const statement = prepared(sql);
    if (statement.reader) return statement.all(...parameters) as SqlRow[];
    statement.run(...parameters);
    return [];
  };
  const inOrder = (statements: readonly SqlStatement[]) =>
    db.transaction(() => statements.map((step) => run(step.sql, step.parameters ?? [])));
  // An exclusive transaction awaits between its statements, and this process has one connection:
  // while one is open, the process's other statements wait for its end (they would otherwise land
  // in it, and go if it rolled back), and exclusive transactions take turns.
  let open: Promise<unknown> | undefined;
  let turns: Promise<unknown> = Promise.resolve();
  const outsideOpenTransaction = async (): Promise<void> => {
    while (open !== undefined) await open.catch(() => undefined);
  };
  const inTransaction: SqlConnection = {
    query: async (sql, parameters = []) => run(sql, parameters),
    exclusively: () => Promise.reject(new Error('already in an exclusive transaction')),
    transaction: async (statements) => inOrder(statements)(),
    close: async () => {},
  };
  const connection: SqlConnection = {
    async query(sql, parameters: readonly SqlParameter[] = []) {
      if (open !== undefined) await outsideOpenTransaction();
      return run(sql, parameters);
    },
    // One database, one writer at a time: any lock name takes SQLite's write lock.
    exclusively(work) {
      const turn = turns.then(async () => {
        // IMMEDIATE takes the write lock at once: a second process waits here, not halfway through.
        db.exec('BEGIN IMMEDIATE');
        const running = (async () => {
          try {
            const result = await work(inTransaction);
            db.exec('COMMIT');
            return result;
          } catch (error) {
            db.exec('ROLLBACK');
            throw error;
          }
        })();
        open = running;
        try {
          return await running;
        } finally {
          open = undefined;
        }
      });
      turns = turn.catch(() => undefined);
      return turn;
    },
    async transaction(statements) {
      if (open !== undefined) await outsideOpenTransaction();
      // Synchronous from BEGIN to COMMIT: no other statement of this process can slip in between.
      return inOrder(statements).immediate();
    },
    async close() {
      db.close();
    },
  };
  return connection;
}
