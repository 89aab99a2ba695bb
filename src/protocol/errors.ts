import type { ReplyCodeName } from './reply-codes.ts';

/**
 * Everything that can go wrong between flashchat-ops and the chat server, as typed errors whose
 * messages can be shown to a moderator as they are. No message ever holds the API password:
 * they are built from parameter names, addresses and the server's reply only.
 */
export type FlashChatErrorKind =
  | 'invalid_command'
  | 'unreachable'
  | 'timeout'
  | 'refused'
  | 'malformed_reply';

export abstract class FlashChatError extends Error {
  abstract readonly kind: FlashChatErrorKind;
  /** Whether the command may have reached the server (any byte was written). */
  readonly commandSent: boolean;

  constructor(message: string, commandSent: boolean) {
    super(message);
    this.commandSent = commandSent;
  }
}

export interface ParameterProblem {
  parameter: string;
  message: string;
}

/** The command was refused by flashchat-ops itself: nothing was sent. */
export class InvalidCommandError extends FlashChatError {
  readonly kind = 'invalid_command';
  override name = 'InvalidCommandError';
  readonly problems: readonly ParameterProblem[];

  constructor(commandType: string, problems: readonly ParameterProblem[]) {
    const details = problems.map((problem) => `${problem.parameter} ${problem.message}`.trim()).join('; ');
    super(`${commandType}: ${details}`, false);
    this.problems = problems;
  }
}

export class ServerUnreachableError extends FlashChatError {
  readonly kind = 'unreachable';
  override name = 'ServerUnreachableError';
}

export type TimeoutPhase = 'connect' | 'reply';

export class ServerTimeoutError extends FlashChatError {
  readonly kind = 'timeout';
  override name = 'ServerTimeoutError';
  readonly phase: TimeoutPhase;

  constructor(message: string, phase: TimeoutPhase) {
    super(message, phase === 'reply');
    this.phase = phase;
  }
}

/** The server answered with a refusal: a negative `result`. */
export class ServerRefusedError extends FlashChatError {
  readonly kind = 'refused';
  override name = 'ServerRefusedError';
  readonly code: number;
  readonly codeName: ReplyCodeName | undefined;
  readonly serverMessage: string | undefined;
  readonly rawReply: string;

  constructor(
    message: string,
    details: {
      code: number;
      codeName: ReplyCodeName | undefined;
      serverMessage: string | undefined;
      rawReply: string;
    },
  ) {
    super(message, true);
    this.code = details.code;
    this.codeName = details.codeName;
    this.serverMessage = details.serverMessage;
    this.rawReply = details.rawReply;
  }
}

export class MalformedReplyError extends FlashChatError {
  readonly kind = 'malformed_reply';
  override name = 'MalformedReplyError';
  readonly rawReply: string;

  constructor(message: string, rawReply: string) {
    super(message, true);
    this.rawReply = rawReply;
  }
}
