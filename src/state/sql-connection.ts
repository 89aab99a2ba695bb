/**
 * What the store needs of a database: statements written once, with `?` placeholders, in the SQL
 * that SQLite and PostgreSQL share (upserts with `ON CONFLICT … DO UPDATE … WHERE`, `RETURNING`),
 * run by each database's own driver.
 */

export type SqlParameter = string | number | null;
export type SqlRow = Readonly<Record<string, unknown>>;

export interface SqlStatement {
  readonly sql: string;
  readonly parameters?: readonly SqlParameter[];
}

export interface SqlConnection {
  /** Runs one statement; resolves with the rows it returned (none for most writes). */
  query(sql: string, parameters?: readonly SqlParameter[]): Promise<readonly SqlRow[]>;
  /**
   * Runs `work` in one transaction, alone among the instances that share the database (the
   * migrations: two instances starting together must not both apply them). `lock` names what the
   * turn is taken for: transactions under different names do not wait for each other on
   * PostgreSQL (an advisory lock per name; the migrations' when none is given); SQLite has one
   * writer at a time whatever the name. `work` must use the connection it is given, not this one.
   */
  exclusively<T>(work: (connection: SqlConnection) => Promise<T>, lock?: string): Promise<T>;
  /**
   * Runs the statements in order in one transaction, all or none, with nothing else of this
   * process in between; resolves with each statement's rows. For writes that must land together
   * (the alert state and the posts it implies), decided by the SQL itself rather than by reads.
   */
  transaction(statements: readonly SqlStatement[]): Promise<ReadonlyArray<readonly SqlRow[]>>;
  close(): Promise<void>;
}
