/** A listing of a status folder that polling compares from one interval to the next. */

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFsError, errnoCode } from './read-outcomes.ts';
import { isStatusFileName } from './status-file-names.ts';

export type FolderScan =
  /** Each status file's name mapped to a stamp that changes whenever the file does (as far as stat can tell). */
  | { readonly kind: 'listed'; readonly stamps: ReadonlyMap<string, string> }
  | { readonly kind: 'missing' }
  | { readonly kind: 'failed'; readonly reason: string };

export async function scanStatusFolder(dir: string): Promise<FolderScan> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'failed', reason: describeFsError(error) };
  }
  const entries = await Promise.all(names.filter(isStatusFileName).map((name) => stampFile(dir, name)));
  return { kind: 'listed', stamps: new Map(entries.filter((entry) => entry !== undefined)) };
}

async function stampFile(dir: string, name: string): Promise<[string, string] | undefined> {
  try {
    const stats = await stat(join(dir, name));
    // The inode catches a same-size atomic replace that lands within one mtime tick.
    return [name, `${stats.ino}:${stats.size}:${stats.mtimeMs}`];
  } catch (error) {
    // Gone between readdir and stat: absent, which the next diff reports as a deletion.
    if (errnoCode(error) === 'ENOENT') return undefined;
    return [name, `unstattable:${errnoCode(error) ?? 'unknown'}`];
  }
}

/** Names present in only one of the two listings, or present in both with different stamps. */
export function changedNames(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): string[] {
  const changed: string[] = [];
  for (const [name, stamp] of after) if (before.get(name) !== stamp) changed.push(name);
  for (const name of before.keys()) if (!after.has(name)) changed.push(name);
  return changed;
}
