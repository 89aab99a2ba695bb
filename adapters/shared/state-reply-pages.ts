import type { Reply } from '../../src/replies/reply.ts';
import type { ExpiringEntries, StoredValue } from '../../src/state/index.ts';
import { EncodedExpiringStore } from './encoded-expiring-store.ts';
import type { ExpiringStore } from './expiring-store.ts';
import { StateExpiringStore } from './state-expiring-store.ts';
import { storedReplyCodec } from './stored-reply.ts';

/** The scope of the kept replies among the state store's expiring entries. */
export const LIST_PAGES_SCOPE = 'list-pages';

/**
 * The page store in the state store: a "next page" click is answered by whichever instance the
 * balancer gives it to, from the reply the asking instance kept. Expired pages go with the
 * store's sweep.
 */
export function stateReplyPages(entries: ExpiringEntries, now?: () => number): ExpiringStore<Reply> {
  return new EncodedExpiringStore(
    new StateExpiringStore<StoredValue>(entries, LIST_PAGES_SCOPE, now),
    storedReplyCodec,
  );
}
