import type { AuditDecision, AuditOutcome } from '../audit/index.ts';
import type { Operation } from '../catalogue/operation.ts';
import type { LineArguments, RoomReadings } from '../grammar/parse-line.ts';
import type { Identity } from '../permissions/identity.ts';
import type { CooldownSlot } from './cooldowns.ts';

/** Who asked, and where: what an adapter knows of a request besides its content. */
export interface RequestMeta {
  identity: Identity;
  channel?: string;
}

export type ConfirmationAnswer = 'confirm' | 'cancel';

/**
 * One command attempt as it moves through the steps; the audit step writes what it became.
 * Steps fill it in: the operation once known, the values as given, the params once valid.
 */
export interface Attempt {
  meta: RequestMeta;
  startedAt: number;
  /** A `/chat …` line from a text platform. */
  line?: string;
  /** The operation a structured platform named (Discord), found in the catalogue by a step. */
  operationName?: string;
  /** What follows the operation's words in `line`, once the operation is found. */
  args?: LineArguments;
  /** The caller's answer to a confirmation prompt, for the step that claims it. */
  answer?: { id: string; choice: ConfirmationAnswer };
  operation?: Operation;
  values: Record<string, unknown>;
  /** A typed room that may take the words after it: both readings, for the room directory to choose. */
  roomReadings?: RoomReadings;
  params?: Record<string, unknown>;
  decision: AuditDecision;
  outcome: AuditOutcome;
  result?: string;
  error?: string;
  /** When the chat server failed: the kind of failure (unreachable, timeout, refused, …). */
  serverErrorKind?: string;
  /** The cooldown slot this attempt holds until it runs (then it is the run) or ends without running. */
  cooldown?: CooldownSlot;
}

/** Cooldowns and confirmations belong to a person on a platform, not to a channel. */
export function ownerKey(meta: RequestMeta): string {
  return `${meta.identity.platform}:${meta.identity.userId}`;
}

/** How replies name the operation: as the user types it. */
export function labelOf(operation: Operation | undefined): string | undefined {
  return operation ? `/chat ${operation.words.join(' ')}` : undefined;
}

/** A step's input that an earlier step provides: missing means the chain is in the wrong order. */
export function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('a step ran before the one that provides its input');
  return value;
}
