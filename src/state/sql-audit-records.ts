/**
 * The audit chain over any SqlConnection. An append reads the head and writes after it in one
 * transaction that holds the chain's own lock (PostgreSQL: an advisory lock every instance takes
 * under the same name; SQLite: its write lock), so appends from every instance form one chain
 * and never fork; the sequence number's primary key refuses a second entry at a place should
 * anything get past the lock. The head is found by the primary key: an append never scans the chain.
 */

import { chainHash, foldUserName, GENESIS_HASH } from './audit-chain.ts';
import type { SqlConnection, SqlParameter, SqlRow } from './sql-connection.ts';
import type {
  AuditImport,
  AuditRecord,
  AuditRecordFilter,
  AuditRecordInput,
  AuditRecords,
} from './state-store.ts';

const AUDIT_LOCK = 'audit chain';
/** The one import there is: the JSONL file of the releases before the chain. */
const IMPORT_NAME = 'audit-file';
const COLUMNS = 'seq, at, user_id, user_name_folded, operation, outcome, entry, prev_hash, hash';
/** Rows per INSERT: 9 parameters each stays well under both databases' limits. */
const ROWS_PER_INSERT = 100;

export function sqlAuditRecords(db: SqlConnection): AuditRecords {
  return {
    append: async (inputs) =>
      inputs.length === 0 ? [] : db.exclusively((tx) => appendAtHead(tx, inputs), AUDIT_LOCK),
    async last(count, filter = {}) {
      const { clauses, parameters } = filterSql(filter);
      const where = clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`;
      const rows = await db.query(`SELECT ${COLUMNS} FROM audit_entries ${where} ORDER BY seq DESC LIMIT ?`, [
        ...parameters,
        count,
      ]);
      return rows.map(toRecord).reverse();
    },
    async after(seq, count, filter = {}) {
      const { clauses, parameters } = filterSql(filter);
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM audit_entries WHERE ${['seq > ?', ...clauses].join(' AND ')} ORDER BY seq LIMIT ?`,
        [seq, ...parameters, count],
      );
      return rows.map(toRecord);
    },
    importOnce: (source, batches, now) =>
      db.exclusively(async (tx): Promise<AuditImport> => {
        const [done] = await tx.query(
          'SELECT source, entries, imported_at FROM audit_imports WHERE name = ?',
          [IMPORT_NAME],
        );
        if (done !== undefined) {
          return {
            outcome: 'already-imported',
            source: String(done.source),
            count: Number(done.entries),
            at: Number(done.imported_at),
          };
        }
        let count = 0;
        for await (const batch of batches) {
          if (batch.length === 0) continue;
          await appendAtHead(tx, batch);
          count += batch.length;
        }
        await tx.query('INSERT INTO audit_imports (name, source, entries, imported_at) VALUES (?, ?, ?, ?)', [
          IMPORT_NAME,
          source,
          count,
          now,
        ]);
        return { outcome: 'imported', count };
      }, AUDIT_LOCK),
  };
}

/** Within a transaction holding the chain's lock. */
async function appendAtHead(tx: SqlConnection, inputs: readonly AuditRecordInput[]): Promise<AuditRecord[]> {
  const [head] = await tx.query('SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1');
  let seq = head === undefined ? 0 : Number(head.seq);
  let prevHash = head === undefined ? GENESIS_HASH : String(head.hash);
  const records = inputs.map((input): AuditRecord => {
    seq += 1;
    const hash = chainHash(prevHash, input.entry);
    const record = { ...input, seq, prevHash, hash };
    prevHash = hash;
    return record;
  });
  for (let start = 0; start < records.length; start += ROWS_PER_INSERT) {
    const chunk = records.slice(start, start + ROWS_PER_INSERT);
    await tx.query(
      `INSERT INTO audit_entries (${COLUMNS}) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((record) => [
        record.seq,
        record.at,
        record.userId,
        record.userNameFolded,
        record.operation,
        record.outcome,
        record.entry,
        record.prevHash,
        record.hash,
      ]),
    );
  }
  return records;
}

function filterSql(filter: AuditRecordFilter): { clauses: string[]; parameters: SqlParameter[] } {
  const clauses: string[] = [];
  const parameters: SqlParameter[] = [];
  if (filter.user !== undefined) {
    clauses.push('(user_id = ? OR user_name_folded = ?)');
    parameters.push(filter.user, foldUserName(filter.user));
  }
  if (filter.operation?.endsWith('.*')) {
    // A family: `room.*` is every name starting `room.` (substr, unlike LIKE, has no wildcards).
    const prefix = filter.operation.slice(0, -1);
    clauses.push('substr(operation, 1, ?) = ?');
    parameters.push(prefix.length, prefix);
  } else if (filter.operation !== undefined) {
    clauses.push('operation = ?');
    parameters.push(filter.operation);
  }
  if (filter.since !== undefined) {
    clauses.push('at >= ?');
    parameters.push(filter.since);
  }
  if (filter.outcome !== undefined) {
    clauses.push('outcome = ?');
    parameters.push(filter.outcome);
  }
  return { clauses, parameters };
}

function toRecord(row: SqlRow): AuditRecord {
  return {
    seq: Number(row.seq),
    at: Number(row.at),
    userId: String(row.user_id),
    userNameFolded: row.user_name_folded === null ? null : String(row.user_name_folded),
    operation: String(row.operation),
    outcome: String(row.outcome),
    entry: String(row.entry),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}
