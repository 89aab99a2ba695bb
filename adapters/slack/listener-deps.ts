import type { RespondArguments } from '@slack/bolt';
import type { CommandCore } from '../../src/commands/command-core.ts';
import type { Visibility } from '../../src/replies/reply.ts';
import type { Log } from './adapter-log.ts';
import type { RedeliveryGuard } from './redelivery-guard.ts';
import type { ReplyPresenter } from './reply-presenter.ts';
import type { UsergroupDirectory } from './usergroup-directory.ts';

/** What the Bolt listeners share. */
export interface ListenerDeps {
  core: CommandCore;
  presenter: ReplyPresenter;
  usergroups: UsergroupDirectory;
  guard: RedeliveryGuard;
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

export type Respond = (message: RespondArguments) => Promise<unknown>;

export function responseType(visibility: Visibility): 'in_channel' | 'ephemeral' {
  return visibility === 'channel' ? 'in_channel' : 'ephemeral';
}

/** Sends through the response_url; a failure (expired URL, Slack unreachable) is logged, not thrown. */
export async function respondSafely(
  respond: Respond,
  message: RespondArguments,
  log: Log,
  what: string,
): Promise<void> {
  try {
    await respond(message);
  } catch (error) {
    log(`Slack: ${what} could not be delivered: ${error instanceof Error ? error.message : String(error)}`);
  }
}
