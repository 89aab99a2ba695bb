import type { Reply } from '../../src/replies/reply.ts';
import { replyFromStored, replyToStored } from '../../src/replies/stored-reply.ts';
import type { ExpiringEntries, StoredValue } from '../../src/state/index.ts';
import { EncodedExpiringStore } from './encoded-expiring-store.ts';
import type { ExpiringStore } from './expiring-store.ts';
import { StateExpiringStore } from './state-expiring-store.ts';

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

/** A kept reply this code cannot read (another release's) reads as none: the click is told the list has expired. */
export const storedReplyCodec = {
  encode: replyToStored,
  decode: (stored: StoredValue): Reply | undefined => {
    const read = replyFromStored(stored);
    return 'reply' in read ? read.reply : undefined;
  },
};
