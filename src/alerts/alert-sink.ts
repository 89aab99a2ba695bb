import type { Platform } from '../permissions/identity.ts';
import type { Reply } from '../replies/reply.ts';

/**
 * Where occupancy alerts go: a platform adapter posts a reply into one of its channels. The
 * adapter owns the platform's rate limits; a post that cannot be delivered rejects, so the
 * alert queue can retry it.
 */
export interface AlertSink {
  readonly platform: Platform;
  /**
   * `key` is the post's idempotency key (the same post, sent again after a retry or by a new
   * leader, has the same one): a platform that can drop a repeated message by a key of the
   * sender's (Discord's nonce) should be given it.
   */
  post(channelId: string, alert: Reply, key?: string): Promise<void>;
}
