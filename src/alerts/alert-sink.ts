import type { Platform } from '../permissions/identity.ts';
import type { Reply } from '../replies/reply.ts';

/**
 * Where occupancy alerts go: a platform adapter posts a reply into one of its channels. The
 * adapter owns the platform's rate limits; a post that cannot be delivered rejects, so the
 * alert queue can retry it.
 */
export interface AlertSink {
  readonly platform: Platform;
  post(channelId: string, alert: Reply): Promise<void>;
}
