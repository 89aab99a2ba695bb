import type { Reply } from '../../src/replies/reply.ts';
import { PromptOwners } from './confirmation-prompts.ts';
import type { ExpiringStore } from './expiring-store.ts';
import { ReplyPages } from './reply-pages.ts';

/** Where an adapter's interaction state lives; each defaults to this process's memory. */
export interface InteractionStores {
  pages?: ExpiringStore<Reply>;
  promptOwners?: ExpiringStore<string>;
}

/** What every adapter's buttons lean on: the page store and who each prompt was shown to. */
export interface Interactions {
  pages: ReplyPages;
  owners: PromptOwners;
}

export interface InteractionsOptions {
  /** How long a list can be paged on this platform (as long as a message can be changed there). */
  pagesTtlMs: number;
  stores?: InteractionStores;
  now?: () => number;
}

export function createInteractions(options: InteractionsOptions): Interactions {
  return {
    pages: new ReplyPages({ ttlMs: options.pagesTtlMs, store: options.stores?.pages, now: options.now }),
    owners: new PromptOwners({ store: options.stores?.promptOwners, now: options.now }),
  };
}
