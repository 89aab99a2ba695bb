/**
 * What the store needs of a database: statements written once, with `?` placeholders, in the SQL
 * that SQLite and PostgreSQL share (upserts with `ON CONFLICT … DO UPDATE … WHERE`, `RETURNING`),
 * run by each database's own driver.
 */

export type SqlParameter = string | number | null;
export type SqlRow = Readonly<Record<string, unknown>>;

export interface SqlConnection {
  /** Runs one statement; resolves with the rows it returned (none for most writes). */
  query(sql: string, parameters?: readonly SqlParameter[]): Promise<readonly SqlRow[]>;
  /**
   * Runs `work` in one transaction, alone among the instances that share the database (the
   * migrations: two instances starting together must not both apply them).
   */
  exclusively<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
