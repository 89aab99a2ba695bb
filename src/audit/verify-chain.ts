/**
 * Recomputes the audit chain from its first entry and says where it breaks. Each entry's hash
 * must be the hash of the one before followed by its JSON (see audit-chain.ts in the state
 * store), each must point at the hash of the one before, the sequence numbers must run 1, 2, 3
 * with no gap, and the copies of its values the filters read must be its values. What a break
 * looks like says what happened: a gap is a deletion; a hash that no longer fits its entry is an
 * edit; an entry the next one passes over was inserted.
 *
 * What no chain can show on its own: entries removed from the end, or added at the end by someone
 * who computes their hashes. The report gives the head's hash: kept elsewhere, it shows both.
 */

import { type AuditRecord, type AuditRecords, chainHash, GENESIS_HASH } from '../state/index.ts';
import { recordValuesOf } from './audit-record.ts';

export type ChainBreak =
  /** Sequence numbers `from` to `to` are missing. */
  | { readonly kind: 'deleted'; readonly from: number; readonly to: number }
  /** The entry no longer matches its hash, or a copy of one of its values was changed. */
  | { readonly kind: 'edited'; readonly seq: number; readonly what: string }
  /** The entries on either side of it are linked to each other: it was put between them. */
  | { readonly kind: 'inserted'; readonly seq: number }
  /**
   * The entry does not point at the one before, and nothing around says which of these it was:
   * the one before was edited and its hash recomputed, entries were deleted and the later ones
   * renumbered, or this one was inserted.
   */
  | { readonly kind: 'unlinked'; readonly seq: number };

export interface ChainReport {
  /** Entries read. */
  readonly count: number;
  readonly head?: { readonly seq: number; readonly hash: string };
  /** In chain order; empty when the chain verifies. */
  readonly breaks: readonly ChainBreak[];
}

const PAGE = 1000;

export async function verifyAuditChain(records: AuditRecords, pageSize = PAGE): Promise<ChainReport> {
  const breaks: ChainBreak[] = [];
  let count = 0;
  /** The last entry taken as a place in the chain, and the hash of the one before it. */
  let previous: { seq: number; hash: string } | undefined;
  let beforePrevious = GENESIS_HASH;

  const check = (record: AuditRecord, next: AuditRecord | undefined): void => {
    const expectedSeq = (previous?.seq ?? 0) + 1;
    const expectedLink = previous?.hash ?? GENESIS_HASH;
    const gap = record.seq > expectedSeq;
    if (gap) breaks.push({ kind: 'deleted', from: expectedSeq, to: record.seq - 1 });
    const edited = whatWasEdited(record);
    if (edited !== undefined) breaks.push({ kind: 'edited', seq: record.seq, what: edited });
    let takesPlace = true;
    if (!gap && record.prevHash !== expectedLink) {
      if (next !== undefined && next.prevHash === expectedLink) {
        breaks.push({ kind: 'inserted', seq: record.seq });
        takesPlace = false;
      } else if (previous !== undefined && record.prevHash === beforePrevious) {
        // The one before was slipped in between this entry and the one it points at.
        const slipped = previous.seq;
        const at = breaks.findIndex((found) => found.kind === 'edited' && found.seq === slipped);
        if (at !== -1) breaks.splice(at, 1);
        breaks.push({ kind: 'inserted', seq: slipped });
      } else {
        breaks.push({ kind: 'unlinked', seq: record.seq });
      }
    }
    if (takesPlace) {
      beforePrevious = previous?.hash ?? GENESIS_HASH;
      previous = { seq: record.seq, hash: record.hash };
    }
  };

  let after = 0;
  let pending: AuditRecord | undefined;
  for (;;) {
    const page = await records.after(after, pageSize);
    for (const record of page) {
      count += 1;
      if (pending !== undefined) check(pending, record);
      pending = record;
    }
    const end = page.at(-1);
    if (end === undefined || page.length < pageSize) break;
    after = end.seq;
  }
  if (pending !== undefined) check(pending, undefined);
  return {
    count,
    ...(pending === undefined ? {} : { head: { seq: pending.seq, hash: pending.hash } }),
    breaks,
  };
}

/** Undefined when the entry fits its hash and its copied values; else what does not. */
function whatWasEdited(record: AuditRecord): string | undefined {
  if (chainHash(record.prevHash, record.entry) !== record.hash)
    return 'its content no longer matches its hash';
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.entry);
  } catch {
    return 'it is not JSON';
  }
  const values = recordValuesOf(parsed);
  const changed = (
    [
      ['time', record.at === values.at],
      ['user id', record.userId === values.userId],
      ['user name', record.userNameFolded === values.userNameFolded],
      ['operation', record.operation === values.operation],
      ['outcome', record.outcome === values.outcome],
    ] as const
  ).filter(([, same]) => !same);
  return changed.length === 0
    ? undefined
    : `its ${changed.map(([name]) => name).join(', ')} column${changed.length === 1 ? ' differs' : 's differ'} from its content`;
}

/** One line per break, for people. */
export function describeChainBreak(found: ChainBreak): string {
  switch (found.kind) {
    case 'deleted':
      return found.from === found.to
        ? `entry ${found.from} was deleted (sequence number ${found.from} is missing)`
        : `entries ${found.from} to ${found.to} were deleted (sequence numbers ${found.from}-${found.to} are missing)`;
    case 'edited':
      return `entry ${found.seq} was edited: ${found.what}`;
    case 'inserted':
      return `entry ${found.seq} was inserted: the entries on either side of it are linked to each other`;
    case 'unlinked':
      return `entry ${found.seq} does not point at entry ${found.seq - 1}: entry ${found.seq - 1} was edited and its hash recomputed, or entries were deleted before ${found.seq} and the rest renumbered, or entry ${found.seq} was inserted`;
  }
}
