import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AuditLog } from '../../src/audit/index.ts';
import { SQLITE_STATE_FILE_NAME, type StateStore } from '../../src/state/index.ts';

/**
 * The audit log's record is the state store's chain: what tests read where they read the JSONL
 * file before. Each entry is given as the chain keeps it: one line of canonical JSON.
 */

/** In this process: every entry, oldest first, once the appends already made are written. */
export async function auditChainLines(runtime: { audit: AuditLog; state: StateStore }): Promise<string[]> {
  await runtime.audit.tail(1);
  const lines: string[] = [];
  for (let after = 0; ; ) {
    const page = await runtime.state.audit.after(after, 1000);
    lines.push(...page.map((record) => record.entry));
    const last = page.at(-1);
    if (last === undefined) return lines;
    after = last.seq;
  }
}

/**
 * In the SQLite store of a process (its state folder), read beside it: every entry it has
 * committed so far, oldest first; none while the store or its chain is not there yet.
 */
export function auditChainLinesIn(stateDir: string): string[] {
  const path = join(stateDir, SQLITE_STATE_FILE_NAME);
  if (!existsSync(path)) return [];
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT entry FROM audit_entries ORDER BY seq').pluck().all() as string[];
  } catch (error) {
    if (error instanceof Error && /no such table/.test(error.message)) return [];
    throw error;
  } finally {
    db.close();
  }
}
