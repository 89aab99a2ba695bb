import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { buildCommandXml } from '../protocol/command-xml.ts';
import {
  type FlashChatError,
  MalformedReplyError,
  ServerRefusedError,
  ServerTimeoutError,
  ServerUnreachableError,
} from '../protocol/errors.ts';
import { parseReply, ReplyParseError, type ServerReply } from '../protocol/reply.ts';
import { isAccessRefusal, replyCodeName } from '../protocol/reply-codes.ts';
import { isIdempotent, type ServerCommand, type ServerCommandType } from '../protocol/server-commands.ts';
import { findForbiddenChar } from '../protocol/xml-text.ts';
import { secretMask } from '../text/secret-mask.ts';
import { ConcurrencyLimit } from './concurrency-limit.ts';
import { exchangeFramed } from './framed-exchange.ts';

export const serverApiClientOptions = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  /** The chat server's main port, which also takes Server API commands. */
  port: z.number().int().min(1).max(65535).default(51127),
  group: z.string().min(1).default('default'),
  apiPassword: z
    .string()
    .min(1, 'the API password is empty')
    .refine(
      (password) => findForbiddenChar(password) === undefined,
      'the API password holds a character XML cannot carry',
    ),
  localAddress: z.string().optional(),
  /** The vendor's own sample gives the connection 2 s. */
  connectTimeoutMs: z.number().int().positive().default(2000),
  replyTimeoutMs: z.number().int().positive().default(5000),
  maxConcurrent: z.number().int().min(1).default(8),
  /** Extra attempts, only where a second attempt cannot apply a command twice. */
  retries: z.number().int().min(0).max(5).default(1),
  retryDelayMs: z.number().int().min(0).default(200),
});

export type ServerApiClientOptions = z.input<typeof serverApiClientOptions>;

export interface CommandOutcome {
  type: ServerCommandType;
  group: string;
  /** The reply's `result`: `0`, or the new room's id for add_room. */
  result: string;
  /** add_room only: the id of the room the server created. */
  roomId?: number;
  serverMessage?: string;
  /** The reply as received (API password masked), for logs. */
  rawReply: string;
  attempts: number;
}

/**
 * Sends Server API commands: validates and writes the XML, exchanges it on a fresh connection,
 * and turns the reply into an outcome or a typed error. At most `maxConcurrent` commands are
 * in flight; a command is retried only when it cannot have been applied (no connection was
 * made) or when applying it twice is harmless.
 */
export class ServerApiClient {
  readonly #options: z.output<typeof serverApiClientOptions>;
  readonly #limit: ConcurrencyLimit;

  constructor(options: ServerApiClientOptions) {
    const parsed = serverApiClientOptions.safeParse(options);
    if (!parsed.success) {
      // Issue messages name the option, never its value: one of them is the API password.
      throw new Error(
        `invalid Server API client options: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      );
    }
    this.#options = parsed.data;
    this.#limit = new ConcurrencyLimit(parsed.data.maxConcurrent);
  }

  get endpoint(): string {
    return `${this.#options.host}:${this.#options.port}`;
  }

  get defaultGroup(): string {
    return this.#options.group;
  }

  async send(command: ServerCommand): Promise<CommandOutcome> {
    const { host, port, localAddress, group, apiPassword } = this.#options;
    // Built before queueing: a command that cannot be sent is refused without waiting for a slot.
    const xml = buildCommandXml(command, { group, apiPassword });
    const targetGroup = command.group ?? group;
    return this.#limit.run(async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          const text = await exchangeFramed({ host, port, localAddress }, xml, this.#options, {
            isComplete: isWholeReply,
          });
          return this.#interpret(command.type, targetGroup, text, attempt);
        } catch (error) {
          if (attempt > this.#options.retries || !canRetry(error, command.type)) throw error;
          await delay(this.#options.retryDelayMs * attempt);
        }
      }
    });
  }

  #interpret(type: ServerCommandType, group: string, text: string, attempts: number): CommandOutcome {
    const rawReply = this.#redact(text);
    let reply: ServerReply;
    try {
      reply = parseReply(rawReply);
    } catch (error) {
      if (!(error instanceof ReplyParseError)) throw error;
      throw new MalformedReplyError(describeUnreadable(type, this.endpoint, rawReply, error), rawReply);
    }
    const serverMessage = reply.attributes.message;
    if (/^-\d+$/.test(reply.result)) throw refusal(type, reply, serverMessage);
    const outcome: CommandOutcome = { type, group, result: reply.result, rawReply, attempts };
    if (serverMessage !== undefined) outcome.serverMessage = serverMessage;
    if (type === 'add_room') {
      if (!/^[1-9][0-9]*$/.test(reply.result)) {
        throw new MalformedReplyError(
          `add_room: the chat server answered result="${reply.result}", which is not a room id`,
          rawReply,
        );
      }
      outcome.roomId = Number(reply.result);
    }
    return outcome;
  }

  #redact(text: string): string {
    return secretMask([this.#options.apiPassword])(text);
  }
}

function isWholeReply(text: string): boolean {
  if (!text.trimEnd().endsWith('>')) return false;
  try {
    parseReply(text);
    return true;
  } catch {
    return false;
  }
}

function canRetry(error: unknown, type: ServerCommandType): boolean {
  const notSent =
    error instanceof ServerUnreachableError ||
    (error instanceof ServerTimeoutError && error.phase === 'connect');
  if (notSent) return true;
  const lostAfterSending =
    error instanceof ServerTimeoutError || (error instanceof MalformedReplyError && error.rawReply === '');
  return lostAfterSending && isIdempotent(type);
}

function refusal(
  type: ServerCommandType,
  reply: ServerReply,
  serverMessage: string | undefined,
): FlashChatError {
  const code = Number(reply.result);
  const codeName = replyCodeName(code);
  const reason = serverMessage ?? codeName?.replaceAll('_', ' ') ?? `error code ${code}`;
  const hint = isAccessRefusal(code)
    ? " Check the API password flashchat-ops is configured with and that the server's allow-access-from-ip list holds the address the bot connects from."
    : '';
  return new ServerRefusedError(`the chat server refused ${type}: ${reason} (code ${code}).${hint}`, {
    code,
    codeName,
    serverMessage,
    rawReply: reply.raw,
  });
}

function describeUnreadable(
  type: ServerCommandType,
  endpoint: string,
  rawReply: string,
  error: ReplyParseError,
): string {
  if (rawReply.trim() === '') {
    return `${type}: the chat server at ${endpoint} closed the connection without answering; a wrong API password or an address missing from its allow-access-from-ip list can cause this`;
  }
  return `${type}: the chat server at ${endpoint} sent a reply flashchat-ops cannot read: ${error.message}`;
}
