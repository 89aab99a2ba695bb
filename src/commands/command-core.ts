import type { AuditEntry, AuditLog } from '../audit/index.ts';
import type { Operation, OperationContext, ResolvedRoom } from '../catalogue/operation.ts';
import { guardedParamsOf } from '../catalogue/param-permissions.ts';
import type { CommandSender, CoreServices } from '../catalogue/services.ts';
import { usageLine } from '../catalogue/usage.ts';
import { describeProblems, validateParams } from '../catalogue/validate.ts';
import { parseLine } from '../grammar/parse-line.ts';
import { type AccessPolicy, explainDenial, explainParamDenial, type Identity } from '../permissions/index.ts';
import { FlashChatError } from '../protocol/errors.ts';
import type { Reply } from '../replies/reply.ts';
import { formatDuration } from '../time/format-duration.ts';
import { AfterReply } from './after-reply.ts';
import type { Attempt, RequestMeta, Step } from './attempt.ts';
import { runSteps } from './attempt.ts';
import { Confirmations } from './confirmations.ts';
import { Cooldowns } from './cooldowns.ts';
import { failureReply } from './failure-reply.ts';

export interface CommandCoreOptions {
  catalogue: readonly Operation[];
  services: CoreServices;
  policy: AccessPolicy;
  audit: AuditLog;
  /** Per operation name: how long a user waits between two runs. */
  cooldownsMs: ReadonlyMap<string, number>;
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

interface PendingRun {
  operation: Operation;
  values: Record<string, unknown>;
  params: Record<string, unknown>;
}

export type ConfirmationAnswer = 'confirm' | 'cancel';

/**
 * The one command path every adapter uses. A request goes through a short chain of steps:
 * audit (around everything), find the operation, check permission, validate, check the
 * permissions of parameters that need their own, take the cooldown slot, resolve rooms, ask for
 * confirmation when destructive, run. Each step may answer and stop the chain.
 */
export class CommandCore {
  readonly #options: CommandCoreOptions;
  readonly #now: () => number;
  readonly #cooldowns: Cooldowns;
  readonly #confirmations: Confirmations<PendingRun>;
  readonly #requestSteps: readonly Step[];
  readonly #confirmSteps: readonly Step[];
  readonly #afterReply: AfterReply;

  constructor(options: CommandCoreOptions) {
    this.#options = options;
    this.#afterReply = options.afterReply ?? new AfterReply((error) => options.onInternalError?.(error));
    this.#now = options.now ?? Date.now;
    this.#cooldowns = new Cooldowns(options.cooldownsMs, this.#now);
    this.#confirmations = new Confirmations(options.confirmTimeoutMs ?? 60_000, this.#now);
    this.#requestSteps = [
      this.#audited,
      this.#parsed,
      this.#authorized,
      this.#validated,
      this.#paramsAuthorized,
      this.#cooledDown,
      this.#roomsResolved,
      this.#confirmationAsked,
    ];
    // Roles are checked again: one may have been removed while the prompt was open. The cooldown
    // is taken here, at the run: an open prompt holds no slot, and two prompts confirmed one after
    // the other run once.
    this.#confirmSteps = [this.#audited, this.#authorized, this.#paramsAuthorized, this.#cooledDown];
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
    const attempt = this.#attempt(meta, { line });
    return runSteps(this.#requestSteps, attempt, () => this.#execute(attempt));
  }

  /** An operation with typed values, from a structured platform (Discord options). */
  handleInvocation(
    operationName: string,
    values: Record<string, unknown>,
    meta: RequestMeta,
  ): Promise<Reply> {
    const operation = this.#options.catalogue.find((candidate) => candidate.name === operationName);
    const attempt = this.#attempt(meta, { operation, values });
    if (!operation) attempt.error = `unknown operation "${operationName}"`;
    return runSteps(this.#requestSteps, attempt, () => this.#execute(attempt));
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
    const claim = this.#confirmations.claim(id, ownerKey(meta));
    const attempt = this.#attempt(meta, {});
    if (claim.status !== 'unknown') {
      attempt.operation = claim.pending.payload.operation;
      attempt.values = claim.pending.payload.values;
      attempt.params = claim.pending.payload.params;
    }
    switch (claim.status) {
      case 'unknown':
        return this.#refuseAnswer(
          attempt,
          'confirmation_refused',
          'This confirmation was already answered or is unknown.',
        );
      case 'not_owner':
        return this.#refuseAnswer(
          attempt,
          'confirmation_refused',
          'Only the person who ran this command can confirm it.',
        );
      case 'expired':
        return this.#refuseAnswer(
          attempt,
          'expired',
          `This confirmation expired after ${formatDuration(this.#confirmations.timeoutMs)}. Run the command again.`,
        );
      case 'claimed':
        if (answer === 'cancel')
          return this.#refuseAnswer(attempt, 'cancelled', 'Cancelled: nothing was changed.', 'info');
        attempt.decision = 'confirmed';
        return runSteps(this.#confirmSteps, attempt, () => this.#execute(attempt));
    }
  }

  #attempt(meta: RequestMeta, init: Partial<Attempt>): Attempt {
    return { meta, startedAt: this.#now(), values: {}, decision: 'allowed', outcome: 'not_run', ...init };
  }

  async #refuseAnswer(
    attempt: Attempt,
    decision: Attempt['decision'],
    text: string,
    severity: Reply['severity'] = 'warning',
  ): Promise<Reply> {
    attempt.decision = decision;
    attempt.error = decision === 'cancelled' ? undefined : text;
    this.#recordAfterReply(attempt);
    return { title: labelOf(attempt.operation) ?? 'Confirmation', text, severity, visibility: 'private' };
  }

  readonly #audited: Step = async (attempt, next) => {
    try {
      return await next();
    } catch (error) {
      this.#options.onInternalError?.(error);
      attempt.outcome = 'failed';
      attempt.error = 'internal error';
      return failureReply(labelOf(attempt.operation) ?? 'Command', error);
    } finally {
      // An attempt that ended without running gives its cooldown slot back (no-op once it ran).
      attempt.cooldown?.release();
      this.#recordAfterReply(attempt);
    }
  };

  // The steps below do not wait on anything themselves: plain functions, not async ones, so a
  // command does not pay a promise and its ticks per step (measured on the command path).
  readonly #parsed: Step = (attempt, next) => {
    if (attempt.line === undefined) {
      if (!attempt.operation) return answer(this.#invalid(attempt, attempt.error ?? 'unknown operation'));
      return next();
    }
    const parsed = parseLine(attempt.line, this.#options.catalogue);
    if (!parsed.ok) {
      attempt.operation = parsed.operation;
      return answer(this.#invalid(attempt, parsed.message, parsed.usage));
    }
    attempt.operation = parsed.operation;
    attempt.values = parsed.values;
    return next();
  };

  readonly #authorized: Step = (attempt, next) => {
    const operation = required(attempt.operation);
    const decision = this.#options.policy.decide(attempt.meta.identity, operation.name);
    if (decision.allowed) return next();
    attempt.decision = 'denied';
    const text = [
      explainDenial(operation.words.join(' '), decision),
      ...membershipNotes(attempt.meta.identity),
    ].join(' ');
    attempt.error = text;
    return answer({ title: 'Not allowed', text, severity: 'error', visibility: 'private' });
  };

  /** A parameter such as `as=` (speaking under another name) needs its own permission when given. */
  readonly #paramsAuthorized: Step = (attempt, next) => {
    const operation = required(attempt.operation);
    const params = required(attempt.params);
    for (const { param, permissionKey } of guardedParamsOf(operation)) {
      if (params[param] === undefined) continue;
      const decision = this.#options.policy.decide(attempt.meta.identity, permissionKey);
      if (decision.allowed) continue;
      attempt.decision = 'denied';
      const text = [
        explainParamDenial(operation.words.join(' '), param, permissionKey, decision),
        ...membershipNotes(attempt.meta.identity),
        // The operation itself is allowed (the step before checked it): say how to go on.
        `Nothing was run; without ${param}= you may run it.`,
      ].join(' ');
      attempt.error = text;
      return answer({ title: 'Not allowed', text, severity: 'error', visibility: 'private' });
    }
    return next();
  };

  readonly #validated: Step = (attempt, next) => {
    const operation = required(attempt.operation);
    const validation = validateParams(operation, attempt.values);
    if (!validation.ok)
      return answer(this.#invalid(attempt, describeProblems(validation.problems), usageLine(operation)));
    attempt.params = validation.params;
    return next();
  };

  readonly #cooledDown: Step = (attempt, next) => {
    const operation = required(attempt.operation);
    // Taken now, before any step waits: a second attempt in flight finds the slot taken. It is
    // given back by the audited step if this attempt ends without running.
    const reservation = this.#cooldowns.reserve(ownerKey(attempt.meta), operation.name);
    if (reservation.ok) {
      attempt.cooldown = reservation.slot;
      return next();
    }
    attempt.decision = 'cooldown';
    const seconds = Math.ceil(reservation.remainingMs / 1000);
    attempt.error = `cooldown: ${seconds} s left`;
    return answer({
      title: 'Please wait',
      text: `You ran ${labelOf(operation)} moments ago. Try again in ${seconds} s.`,
      severity: 'warning',
      visibility: 'private',
    });
  };

  readonly #roomsResolved: Step = (attempt, next) => {
    const operation = required(attempt.operation);
    const names = roomParamsOf(operation);
    return names.length === 0 ? next() : this.#resolveRooms(attempt, operation, names, next);
  };

  async #resolveRooms(
    attempt: Attempt,
    operation: Operation,
    names: readonly string[],
    next: () => Promise<Reply>,
  ): Promise<Reply> {
    const params = required(attempt.params);
    for (const name of names) {
      const typed = params[name];
      if (typeof typed !== 'string') continue;
      const resolution = await this.#options.services.rooms.resolve(typed);
      if (resolution.kind !== 'found')
        return this.#invalid(attempt, resolution.message, usageLine(operation));
      params[name] = { id: resolution.id, name: resolution.name } satisfies ResolvedRoom;
    }
    return next();
  }

  readonly #confirmationAsked: Step = (attempt, next) => {
    const operation = required(attempt.operation);
    const params = required(attempt.params);
    if (operation.destructive)
      return answer(
        this.#askConfirmation(
          attempt,
          operation.confirmQuestion?.(params as never, this.#context(attempt)) ??
            `Run ${labelOf(operation)}?`,
        ),
      );
    return operation.confirmIf === undefined ? next() : this.#askIfNeeded(attempt, operation, next);
  };

  /** An operation that asks only in some cases (a room of that name exists) says so itself. */
  async #askIfNeeded(attempt: Attempt, operation: Operation, next: () => Promise<Reply>): Promise<Reply> {
    const question = await operation.confirmIf?.(required(attempt.params) as never, this.#context(attempt));
    return question === undefined ? next() : this.#askConfirmation(attempt, question);
  }

  #askConfirmation(attempt: Attempt, question: string): Reply {
    const operation = required(attempt.operation);
    const pending = this.#confirmations.open(ownerKey(attempt.meta), {
      operation,
      values: attempt.values,
      params: required(attempt.params),
    });
    attempt.decision = 'confirmation_requested';
    return {
      title: `Confirm: ${labelOf(operation)}`,
      text: `${question} Answer within ${Math.round(this.#confirmations.timeoutMs / 1000)} s.`,
      severity: 'warning',
      visibility: 'private',
      confirmation: {
        id: pending.id,
        question,
        confirmLabel: 'Confirm',
        cancelLabel: 'Cancel',
        expiresAt: new Date(pending.expiresAt),
      },
    };
  }

  readonly #execute = async (attempt: Attempt): Promise<Reply> => {
    const operation = required(attempt.operation);
    // The slot this attempt reserved becomes its run: the cooldown counts from now.
    attempt.cooldown?.commit();
    try {
      const reply = await operation.run(required(attempt.params) as never, this.#context(attempt));
      attempt.outcome = reply.severity === 'error' ? 'failed' : 'ok';
      if (reply.severity === 'error') attempt.error = reply.text ?? reply.title;
      if (reply.visibility === 'channel' && !this.#options.announceChanges)
        return { ...reply, visibility: 'private' };
      return reply;
    } catch (error) {
      if (error instanceof FlashChatError) attempt.serverErrorKind = error.kind;
      const reply = failureReply(labelOf(operation) ?? operation.name, error);
      if (reply.text?.startsWith('flashchat-ops hit an internal error'))
        this.#options.onInternalError?.(error);
      attempt.outcome = 'failed';
      attempt.error = reply.text;
      return reply;
    }
  };

  #context(attempt: Attempt): OperationContext {
    const services = this.#options.services;
    // The server's `result` goes to the audit entry of this attempt.
    const server: CommandSender = {
      send: async (command) => {
        const outcome = await services.server.send(command);
        attempt.result = outcome.result;
        return outcome;
      },
    };
    return { identity: attempt.meta.identity, services: { ...services, server } };
  }

  #invalid(attempt: Attempt, message: string, usage?: string): Reply {
    attempt.decision = 'invalid';
    attempt.error = message;
    return {
      title: attempt.operation ? `Cannot run ${labelOf(attempt.operation)}` : 'Unknown command',
      text: usage ? `${sentence(message)}\nUsage: ${usage}` : sentence(message),
      severity: 'error',
      visibility: 'private',
    };
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
    const { identity, channel } = attempt.meta;
    const entry: AuditEntry = {
      time: new Date(attempt.startedAt).toISOString(),
      platform: identity.platform,
      workspace: identity.workspace,
      channel,
      userId: identity.userId,
      userName: identity.userName,
      operation: attempt.operation?.name ?? 'unknown',
      parameters: attempt.params ?? attempt.values,
      decision: attempt.decision,
      outcome: attempt.outcome,
      result: attempt.result,
      error: attempt.error,
      durationMs: Math.max(0, finishedAt - attempt.startedAt),
    };
    // The audit log reports its own failures through its onError; a command's answer must not be lost to one.
    this.#options.audit.append(entry).catch(() => {});
    this.#options.onAttemptFinished?.(entry, attempt.serverErrorKind);
  }
}

const roomParams = new WeakMap<Operation, readonly string[]>();

/** The names of the operation's room parameters, worked out once: most operations have none. */
function roomParamsOf(operation: Operation): readonly string[] {
  let names = roomParams.get(operation);
  if (names === undefined) {
    names = Object.entries(operation.params)
      .filter(([, param]) => param.input.type === 'room')
      .map(([name]) => name);
    roomParams.set(operation, names);
  }
  return names;
}

/** Why the groups may have given less than expected, for a denial: unreadable groups, bindings dropped. */
function membershipNotes(identity: Identity): string[] {
  const { membershipUnavailable: unavailable, droppedBindings = [] } = identity;
  return [...(unavailable ? [`Your groups could not be read: ${unavailable}`] : []), ...droppedBindings];
}

function answer(reply: Reply): Promise<Reply> {
  return Promise.resolve(reply);
}

function ownerKey(meta: RequestMeta): string {
  return `${meta.identity.platform}:${meta.identity.userId}`;
}

function labelOf(operation: Operation | undefined): string | undefined {
  return operation ? `/chat ${operation.words.join(' ')}` : undefined;
}

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.?!]$/.test(text) ? '' : '.'}`;
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('a step ran before the one that provides its input');
  return value;
}
