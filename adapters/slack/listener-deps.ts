import type { CommandCore } from '../../src/commands/command-core.ts';
import type { Visibility } from '../../src/replies/reply.ts';
import type { Interactions } from '../shared/interactions.ts';
import type { Log } from './adapter-log.ts';
import type { ResponseDelivery } from './deliver-response.ts';
import type { RedeliveryGuard } from './redelivery-guard.ts';
import type { ReplyPresenter } from './reply-presenter.ts';
import type { ResponseUrlClient } from './response-url-client.ts';
import type { UsergroupDirectory } from './usergroup-directory.ts';

/** What the Bolt listeners share. */
export interface ListenerDeps extends ResponseDelivery {
  core: CommandCore;
  presenter: ReplyPresenter;
  /** The shared page store and prompt owners. */
  interactions: Interactions;
  usergroups: UsergroupDirectory;
  guard: RedeliveryGuard;
  /** Where answers are posted: each request's response_url. */
  responses: ResponseUrlClient;
  log: Log;
  /** Runs work the adapter's stop() waits for. */
  track(work: () => Promise<void>): Promise<void>;
  /**
   * Resolves when the work that follows an ack may start: after the event loop has had a turn, no
   * other request received is waiting for its ack and none has come for a moment (at most 1 s in
   * all), so a burst is acknowledged before any command's work holds it up.
   */
  afterAck(): Promise<void>;
}

export function responseType(visibility: Visibility): 'in_channel' | 'ephemeral' {
  return visibility === 'channel' ? 'in_channel' : 'ephemeral';
}
