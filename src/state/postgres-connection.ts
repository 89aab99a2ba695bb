/**
 * PostgreSQL through `pg`: the store several instances share. A small pool (every operation is
 * one statement), statements sent with their parameters (never spliced into the SQL), each with
 * a time limit so that a database that stops answering fails a command instead of holding it.
 */

import { createHash } from 'node:crypto';
import pg from 'pg';
import type { SqlConnection, SqlParameter, SqlRow, SqlStatement } from './sql-connection.ts';

export interface PostgresSettings {
  /** `postgres://user:password@host:port/database`: a secret, never logged. */
  readonly url: string;
  /** Connections held at most; default 10. */
  readonly maxConnections?: number;
  /** How long one statement may take; default 5 s. */
  readonly statementTimeoutMs?: number;
}

/** Any two instances agree on this number: the lock that makes them take turns at migrating. */
const MIGRATION_LOCK_KEY = 51_127_35_555;

export function openPostgresConnection(settings: PostgresSettings): {
  connection: SqlConnection;
  location: string;
} {
  const pool = new pg.Pool({
    connectionString: settings.url,
    max: settings.maxConnections ?? 10,
    statement_timeout: settings.statementTimeoutMs ?? 5000,
    connectionTimeoutMillis: settings.statementTimeoutMs ?? 5000,
  });
  // An idle connection the server drops (a restart, a failover) must not crash the process: the
  // pool replaces it, and the next statement reports its own failure.
  pool.on('error', () => {});
  const statements = new PreparedStatements();
  const run = async (client: pg.Pool | pg.PoolClient, sql: string, parameters: readonly SqlParameter[]) => {
    const result = await client.query({ ...statements.of(sql, parameters.length), values: [...parameters] });
    return result.rows as SqlRow[];
  };
  const connection: SqlConnection = {
    query: (sql, parameters = []) => run(pool, sql, parameters),
    async exclusively(work, lock) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Held until the transaction ends: a second instance migrating (or appending to the audit
        // chain, under its own name) at the same time waits here.
        await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [
          lock === undefined ? MIGRATION_LOCK_KEY : advisoryLockKey(lock),
        ]);
        const inTransaction: SqlConnection = {
          query: (sql, parameters = []) => run(client, sql, parameters),
          exclusively: () => Promise.reject(new Error('already in an exclusive transaction')),
          transaction: (statements) => runInOrder(client, statements),
          close: async () => {},
        };
        const result = await work(inTransaction);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async transaction(statements) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const results = await runInOrder(client, statements);
        await client.query('COMMIT');
        return results;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  const runInOrder = async (client: pg.PoolClient, statements: readonly SqlStatement[]) => {
    const results: SqlRow[][] = [];
    for (const step of statements) results.push(await run(client, step.sql, step.parameters ?? []));
    return results;
  };
  return { connection, location: describeDatabase(settings.url) };
}

/** The advisory lock key of a name: the first 8 bytes of its SHA-256, as the signed 64 bits the lock takes. */
function advisoryLockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

/** `?` placeholders as PostgreSQL numbers them. The store's SQL has no `?` inside a literal. */
/**
 * The store's statements are few and run again and again (a cooldown slot, a redelivery key on
 * every command): each is prepared once per connection, by a name, so that PostgreSQL parses and
 * plans it once. Statements without parameters (the migrations' DDL) are sent as they are.
 */
class PreparedStatements {
  readonly #byText = new Map<string, { name: string; text: string }>();

  of(sql: string, parameterCount: number): { name?: string; text: string } {
    if (parameterCount === 0) return { text: sql };
    let statement = this.#byText.get(sql);
    if (statement === undefined) {
      statement = { name: `flashchat_${this.#byText.size + 1}`, text: numbered(sql) };
      this.#byText.set(sql, statement);
    }
    return statement;
  }
}

function numbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/** `host:port/database`, never the user or the password. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `postgres ${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'postgres (an unreadable URL)';
  }
}

/** The URL and, on its own, its password: what must be masked, since a driver's error may quote either. */
export function databaseSecrets(url: string | undefined): string[] {
  if (url === undefined) return [];
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password === '' ? [url] : [url, password];
  } catch {
    return [url];
  }
}
