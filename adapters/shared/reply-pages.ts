import { randomBytes } from 'node:crypto';
import type { Reply } from '../../src/replies/reply.ts';
import { type ExpiringStore, MemoryExpiringStore } from './expiring-store.ts';

export interface ReplyPagesOptions {
  /** How long a list can be paged: as long as the platform lets its message be changed. */
  ttlMs: number;
  /**
   * Default: this process's memory, at most `maxReplies` lists. The app gives the state store's
   * (state-reply-pages.ts), so that another instance can turn the pages.
   */
  store?: ExpiringStore<Reply>;
  maxReplies?: number;
  now?: () => number;
}

/** A page reply stands in for one no longer kept. */
export const EXPIRED_LIST: Reply = {
  title: 'List expired',
  text: 'This list is no longer kept for paging. Run the command again; the attached file, if any, has it all.',
  severity: 'error',
  visibility: 'private',
};

/**
 * The one page store: a long reply is kept under a key while its pages can be turned, and each
 * platform draws the page asked for from it. Its file is not kept: it went out with the first
 * page, and a page turn never sends it again.
 */
export class ReplyPages {
  readonly #store: ExpiringStore<Reply>;
  readonly #ttlMs: number;

  constructor(options: ReplyPagesOptions) {
    this.#ttlMs = options.ttlMs;
    this.#store =
      options.store ?? new MemoryExpiringStore({ maxEntries: options.maxReplies ?? 200, now: options.now });
  }

  /** Keeps the reply; the key its page buttons carry. */
  async keep(reply: Reply): Promise<string> {
    const key = randomBytes(12).toString('base64url');
    const { attachment: _sent, ...kept } = reply;
    await this.#store.put(key, kept, this.#ttlMs);
    return key;
  }

  recall(key: string): Promise<Reply | undefined> {
    return this.#store.get(key);
  }
}
