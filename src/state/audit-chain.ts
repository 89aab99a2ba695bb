/**
 * How the audit chain links its entries: each entry's hash is the SHA-256 of the hash before it
 * followed by the entry's canonical JSON (both as UTF-8 text), written as 64 lower-case hex
 * digits; the first entry follows GENESIS_HASH. Editing an entry changes its hash; deleting one
 * leaves the next pointing at a hash that is not there.
 */

import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export function chainHash(previousHash: string, entry: string): string {
  return createHash('sha256').update(previousHash, 'utf8').update(entry, 'utf8').digest('hex');
}

/** A user name as `user=` matches it: without regard to case, the same in every database. */
export function foldUserName(name: string): string {
  return name.toLowerCase();
}
