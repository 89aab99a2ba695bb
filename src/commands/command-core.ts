import type { AuditEntry, AuditLog } from '../audit/index.ts';
import type { Operation } from '../catalogue/operation.ts';
import type { CoreServices } from '../catalogue/services.ts';
import type { AccessPolicy, Identity } from '../permissions/index.ts';
import type { Reply } from '../replies/reply.ts';
import type { StateStore } from '../state/index.ts';
import { AfterReply } from './after-reply.ts';
import type { Attempt, ConfirmationAnswer, RequestMeta } from './attempt.ts';
import { auditEntryOf } from './audit-entry.ts';
import { Confirmations } from './confirmations.ts';
import { Cooldowns } from './cooldowns.ts';
import { operationContext } from './operation-context.ts';
import { pendingRunCodec } from './pending-run-codec.ts';
import { runSteps, type Step } from './run-steps.ts';
import { askConfirmationStep, type PendingRun } from './steps/ask-confirmation.ts';
import { auditStep } from './steps/audit.ts';
import { claimConfirmationStep } from './steps/claim-confirmation.ts';
import { cooldownStep } from './steps/cooldown.ts';
import { findOperationStep } from './steps/find-operation.ts';
import { paramPermissionStep } from './steps/param-permission.ts';
import { parseArgumentsStep } from './steps/parse-arguments.ts';
import { permissionStep } from './steps/permission.ts';
import { resolveRoomsStep } from './steps/resolve-rooms.ts';
import { runOperationStep } from './steps/run-operation.ts';
import { validateStep } from './steps/validate.ts';

export type { ConfirmationAnswer } from './attempt.ts';

export interface CommandCoreOptions {
  catalogue: readonly Operation[];
  services: CoreServices;
  policy: AccessPolicy;
  audit: AuditLog;
  /** Per operation name: how long a user waits between two runs. */
  cooldownsMs: ReadonlyMap<string, number>;
  /** Where cooldown slots and pending confirmations are kept, shared by every instance. */
  state: StateStore;
  /** Whether replies of operations that change the chat are shown in the channel. */
  announceChanges: boolean;
  confirmTimeoutMs?: number;
  now?: () => number;
  /** Internal errors, for the process log; never shown to users. */
  onInternalError?: (error: unknown) => void;
  /** Every finished attempt, as audited (metrics count them). */
  onAttemptFinished?: (entry: AuditEntry, serverErrorKind: string | undefined) => void;
  /**
   * Where audit entries and onAttemptFinished wait until the answer is out; given by the runtime,
   * whose reads of the audit log wait for it.
   */
  afterReply?: AfterReply;
}

/** What the steps share with the core that composes them. */
export interface CommandPathParts {
  cooldowns: Cooldowns;
  confirmations: Confirmations<PendingRun>;
  /** Hands a finished attempt to the audit log and the metrics. */
  record(attempt: Attempt): void;
}

export interface CommandPaths {
  /** A request: a typed line or a platform's invocation. */
  request: readonly Step[];
  /** The caller's answer to a confirmation prompt. */
  answer: readonly Step[];
}

/**
 * The command path, in order: the one place to read it. Each step may answer and stop the chain;
 * the audit step is around all the others, and the run is last.
 */
export function commandPaths(options: CommandCoreOptions, parts: CommandPathParts): CommandPaths {
  const contextOf = (attempt: Attempt) => operationContext(options.services, attempt);
  const audit = auditStep({ record: parts.record, onInternalError: options.onInternalError });
  const permission = permissionStep(options.policy);
  const paramPermission = paramPermissionStep(options.policy);
  const cooldown = cooldownStep(parts.cooldowns);
  const run = runOperationStep({
    contextOf,
    announceChanges: options.announceChanges,
    onInternalError: options.onInternalError,
  });
  return {
    request: [
      audit,
      findOperationStep(options.catalogue),
      parseArgumentsStep,
      permission,
      validateStep,
      paramPermission,
      cooldown,
      resolveRoomsStep(options.services.rooms),
      askConfirmationStep({ confirmations: parts.confirmations, contextOf }),
      run,
    ],
    // Roles are checked again: one may have been removed while the prompt was open. The cooldown
    // is taken here, at the run: an open prompt holds no slot, and two prompts confirmed one after
    // the other run once.
    answer: [audit, claimConfirmationStep(parts.confirmations), permission, paramPermission, cooldown, run],
  };
}

/** The one command path every adapter uses: the steps of `commandPaths`, in their order. */
export class CommandCore {
  readonly #options: CommandCoreOptions;
  readonly #now: () => number;
  readonly #paths: CommandPaths;
  readonly #afterReply: AfterReply;

  constructor(options: CommandCoreOptions) {
    this.#options = options;
    this.#afterReply = options.afterReply ?? new AfterReply((error) => options.onInternalError?.(error));
    this.#now = options.now ?? Date.now;
    this.#paths = commandPaths(options, {
      cooldowns: new Cooldowns(options.cooldownsMs, options.state.cooldowns, this.#now),
      confirmations: new Confirmations(
        options.confirmTimeoutMs ?? 60_000,
        options.state.entries,
        pendingRunCodec(options.catalogue),
        this.#now,
      ),
      record: (attempt) => this.#recordAfterReply(attempt),
    });
  }

  /** Resolves once every answered attempt has been handed to the audit log and the metrics. */
  settled(): Promise<void> {
    return this.#afterReply.settled();
  }

  get catalogue(): readonly Operation[] {
    return this.#options.catalogue;
  }

  /**
   * Whether this identity may run the operation, without running or auditing anything: for
   * adapters that offer hints (autocomplete) only to those who may use them.
   */
  mayRun(identity: Identity, operationName: string): boolean {
    const operation = this.#options.catalogue.find((candidate) => candidate.name === operationName);
    return operation !== undefined && this.#options.policy.decide(identity, operation.name).allowed;
  }

  /** A `/chat …` line from a text platform. */
  handleLine(line: string, meta: RequestMeta): Promise<Reply> {
    return runSteps(this.#paths.request, this.#attempt(meta, { line }));
  }

  /** An operation with typed values, from a structured platform (Discord options). */
  handleInvocation(
    operationName: string,
    values: Record<string, unknown>,
    meta: RequestMeta,
  ): Promise<Reply> {
    return runSteps(this.#paths.request, this.#attempt(meta, { operationName, values }));
  }

  /**
   * A request the adapter turned away before the command path (from a workspace or server this
   * bot does not serve): audited as refused; nothing else runs.
   */
  refuseRequest(meta: RequestMeta, reason: string): void {
    const attempt = this.#attempt(meta, {});
    attempt.decision = 'refused';
    attempt.error = reason;
    this.#recordAfterReply(attempt);
  }

  /** The caller's answer to a confirmation prompt. */
  answerConfirmation(id: string, answer: ConfirmationAnswer, meta: RequestMeta): Promise<Reply> {
    return runSteps(this.#paths.answer, this.#attempt(meta, { answer: { id, choice: answer } }));
  }

  #attempt(meta: RequestMeta, init: Partial<Attempt>): Attempt {
    return { meta, startedAt: this.#now(), values: {}, decision: 'allowed', outcome: 'not_run', ...init };
  }

  /**
   * The attempt is audited (and counted) once its answer is out; its duration ends now. The log
   * writes lines in order, and closing the runtime flushes what is pending.
   */
  #recordAfterReply(attempt: Attempt): void {
    const finishedAt = this.#now();
    this.#afterReply.defer(() => this.#writeAudit(attempt, finishedAt));
  }

  #writeAudit(attempt: Attempt, finishedAt: number): void {
    const entry = auditEntryOf(attempt, finishedAt);
    // The audit log reports its own failures through its onError; a command's answer must not be lost to one.
    this.#options.audit.append(entry).catch(() => {});
    this.#options.onAttemptFinished?.(entry, attempt.serverErrorKind);
  }
}
