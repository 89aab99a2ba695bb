import { createHash, timingSafeEqual } from 'node:crypto';
import { REPLY_CODES } from '../protocol/reply-codes.ts';
import { normaliseAddress } from './address-allow-list.ts';
import type { ChatState } from './chat-state.ts';
import { executeCommand } from './command-executor.ts';
import type { CommandJournal } from './command-journal.ts';
import {
  type CommandDocument,
  decodeCommandBytes,
  MalformedCommandError,
  readCommandDocument,
} from './command-reader.ts';
import { isCommandType, scheduleOf, validateCommand } from './command-schema.ts';
import { type CommandOutcome, formatReply, refusal, resultOf } from './reply.ts';

export interface CommandRequest {
  readonly remoteAddress: string;
  /** The bytes before the zero byte, or 'oversized' when the size limit passed before a zero byte came. */
  readonly body: Uint8Array | 'oversized';
}

/** Answers one framed command with the reply document (the caller adds the zero byte). */
export type CommandHandler = (request: CommandRequest) => Promise<string>;

export interface CommandHandlerSettings {
  readonly state: ChatState;
  readonly password: string;
  readonly isAllowed: (address: string) => boolean;
  readonly journal: CommandJournal;
  readonly maxCommandBytes: number;
  /** Resolves once the status files show every change so far, so a reply never runs ahead of them. */
  readonly statusWritten: () => Promise<void>;
  readonly log: (line: string) => void;
}

/** The group a command names when it leaves `group` out, as the manual's tables give. */
const DEFAULT_GROUP = 'default';

interface Decision {
  readonly outcome: CommandOutcome;
  readonly address: string;
  readonly type?: string;
  readonly group?: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly schedule?: ReturnType<typeof scheduleOf>;
}

/**
 * The checks run in a fixed order, each refusing with its own code: client address, then
 * well-formedness, group, api_pwd, type and parameters, and only then the command's effect.
 */
export function createCommandHandler(settings: CommandHandlerSettings): CommandHandler {
  const matchesPassword = passwordMatcher(settings.password);

  function decide(request: CommandRequest): Decision {
    const address = normaliseAddress(request.remoteAddress);
    if (!settings.isAllowed(address)) {
      return { address, outcome: refusal('address_not_allowed', `commands from ${address} are not allowed`) };
    }
    const read = readBody(request.body, settings.maxCommandBytes);
    if ('refused' in read) return { address, outcome: read.refused };
    const { attributes, roomOpenTimes } = read.document;
    const { group = DEFAULT_GROUP, api_pwd: password, type, ...params } = attributes;
    const known = { address, group, type, params };
    if (!settings.state.hasGroup(group)) {
      return { ...known, outcome: refusal('unknown_group', `there is no group "${group}"`) };
    }
    if (password === undefined || !matchesPassword(password)) {
      return { ...known, outcome: refusal('bad_password', 'api_pwd does not match the Server API password') };
    }
    if (type === undefined) {
      return { ...known, outcome: refusal('unknown_type', 'the command has no type') };
    }
    if (!isCommandType(type)) {
      return { ...known, outcome: refusal('unknown_type', `"${type}" is not a command type`) };
    }
    const validation = validateCommand(type, params, roomOpenTimes);
    if (!validation.ok) return { ...known, outcome: refusal('bad_parameter', validation.message) };
    const outcome = executeCommand(settings.state, group, validation.command);
    return { ...known, schedule: scheduleOf(roomOpenTimes), outcome };
  }

  return async (request) => {
    const decision = decide(request);
    record(settings.journal, decision);
    if (decision.outcome.accepted) await settings.statusWritten();
    settings.log(logLineOf(decision));
    return formatReply(decision.type ?? '', decision.outcome);
  };
}

function record(journal: CommandJournal, decision: Decision): void {
  const { outcome, address: remoteAddress, group, type, params } = decision;
  if (outcome.accepted && group !== undefined && type !== undefined && params !== undefined) {
    journal.accepted.push({
      group,
      type,
      params,
      schedule: decision.schedule ?? [],
      remoteAddress,
      result: outcome.result,
    });
  } else if (!outcome.accepted) {
    const code = REPLY_CODES[outcome.reason];
    journal.refused.push({
      code,
      reason: outcome.reason,
      message: outcome.message,
      remoteAddress,
      group,
      type,
      params,
    });
  }
}

/** The bytes as a command document, or why they are not one. */
function readBody(
  body: CommandRequest['body'],
  maxCommandBytes: number,
): { document: CommandDocument } | { refused: CommandOutcome } {
  if (body === 'oversized') {
    return {
      refused: refusal('malformed_command', `no zero byte within the first ${maxCommandBytes} bytes`),
    };
  }
  try {
    return { document: readCommandDocument(decodeCommandBytes(body)) };
  } catch (error) {
    if (error instanceof MalformedCommandError) {
      return { refused: refusal('malformed_command', error.message) };
    }
    throw error;
  }
}

function logLineOf({ address, group, type, outcome }: Decision): string {
  const what = `${address} ${type ?? '(unread)'}${group === undefined ? '' : ` group=${group}`}`;
  const verdict = outcome.accepted ? 'accepted' : `refused ${outcome.reason}`;
  return oneLine(`server-api ${what} -> ${resultOf(outcome)} ${verdict}: ${outcome.message}`);
}

/** Command values reach log messages; a line break in one must not forge a log line. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]/g, ' ');
}

/** Compares digests so the comparison takes the same time whatever the guess. */
function passwordMatcher(password: string): (guess: string) => boolean {
  const expected = digest(password);
  return (guess) => timingSafeEqual(digest(guess), expected);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
