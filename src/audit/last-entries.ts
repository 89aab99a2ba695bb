import type { AuditEntry } from './audit-entry.ts';
import { lineToEntry } from './entry-line.ts';
import { readLinesBackwards } from './read-last-lines.ts';

/** The last `count` entries of the log, oldest first; lines that are not entries are passed over. */
export async function readLastEntries(path: string, count: number): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  if (count <= 0) return entries;
  for await (const line of readLinesBackwards(path)) {
    const entry = lineToEntry(line);
    if (entry === undefined) continue;
    entries.push(entry);
    if (entries.length >= count) break;
  }
  return entries.reverse();
}
