import type { CommandCore, ConfirmationAnswer } from '../../src/commands/command-core.ts';
import type { Reply } from '../../src/replies/reply.ts';
import { type ExpiringStore, MemoryExpiringStore } from './expiring-store.ts';

type RequestMeta = Parameters<CommandCore['answerConfirmation']>[2];

/**
 * Where the answer to a click on Confirm or Cancel goes. The prompt was shown to its owner only:
 * - `to-clicker`: someone else clicked; the answer is theirs alone, the prompt stays;
 * - `in-prompt`: the owner clicked; the answer takes the prompt's place;
 * - `in-prompt-and-channel`: the same, and the answer is for the channel too (a change announced).
 */
export type AnswerPlacement = 'to-clicker' | 'in-prompt' | 'in-prompt-and-channel';

export interface PromptClick {
  confirmationId: string;
  answer: ConfirmationAnswer;
  /** The platform's id of who clicked. */
  clickerId: string;
}

/** A prompt's owner is remembered past its deadline, so that a late click of theirs updates it in place. */
const PROMPT_GRACE_MS = 10 * 60_000;

/** Who each confirmation prompt was shown to, while its buttons can still be clicked. */
export class PromptOwners {
  readonly #owners: ExpiringStore<string>;
  readonly #now: () => number;

  constructor(options: { store?: ExpiringStore<string>; now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#owners = options.store ?? new MemoryExpiringStore({ maxEntries: 10_000, now: this.#now });
  }

  /** A reply is being shown to `ownerId`; if it is a prompt, they are remembered as its owner. */
  async shown(reply: Reply, ownerId: string): Promise<void> {
    if (reply.confirmation === undefined) return;
    const untilDeadline = reply.confirmation.expiresAt.getTime() - this.#now();
    await this.#owners.put(reply.confirmation.id, ownerId, Math.max(untilDeadline, 0) + PROMPT_GRACE_MS);
  }

  async isOwner(confirmationId: string, userId: string): Promise<boolean> {
    return (await this.#owners.get(confirmationId)) === userId;
  }
}

/**
 * The one routing from a Confirm or Cancel button to the core: the core alone decides whether
 * the answer counts (only the caller, once, in time); this decides where its reply goes, the same
 * on every platform, and each adapter draws that placement its own way. `acknowledge` runs once
 * the audience is known and before the core is asked: a platform that must answer a click within
 * a deadline defers there (in place for the owner, privately for anyone else).
 */
export async function answerConfirmationClick(
  parts: { core: Pick<CommandCore, 'answerConfirmation'>; owners: PromptOwners },
  click: PromptClick,
  meta: RequestMeta,
  acknowledge: (byOwner: boolean) => Promise<void> = async () => {},
): Promise<{ reply: Reply; placement: AnswerPlacement }> {
  const byOwner = await parts.owners.isOwner(click.confirmationId, click.clickerId);
  await acknowledge(byOwner);
  const reply = await parts.core.answerConfirmation(click.confirmationId, click.answer, meta);
  const placement: AnswerPlacement = !byOwner
    ? 'to-clicker'
    : reply.visibility === 'channel'
      ? 'in-prompt-and-channel'
      : 'in-prompt';
  return { reply, placement };
}
