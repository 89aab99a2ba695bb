import { connect, type Socket } from 'node:net';
import { MalformedReplyError, ServerTimeoutError, ServerUnreachableError } from '../protocol/errors.ts';

export interface Endpoint {
  host: string;
  port: number;
  /** Local address to connect from; the server's allow list checks it. */
  localAddress?: string;
}

export interface ExchangeTimeouts {
  connectTimeoutMs: number;
  replyTimeoutMs: number;
}

export interface ExchangeOptions {
  /**
   * Tells whether the bytes gathered so far already hold a whole reply, for servers that neither
   * end their reply with a zero byte nor close the connection.
   */
  isComplete?: (text: string) => boolean;
}

const ZERO_BYTE = 0;
/** A reply is a few hundred bytes; anything this large is not one. */
const MAX_REPLY_BYTES = 1024 * 1024;

/**
 * One Server API exchange on its own TCP connection: connect, write the payload followed by a
 * zero byte, and read the reply until a zero byte, the end of the stream or the reply timeout,
 * whichever comes first. Resolves with the reply's text (without the zero byte). Errors are
 * typed, say where the exchange stopped, and tell whether the command was sent.
 */
export function exchangeFramed(
  endpoint: Endpoint,
  payload: string,
  timeouts: ExchangeTimeouts,
  options: ExchangeOptions = {},
): Promise<string> {
  const where = `${endpoint.host}:${endpoint.port}`;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let written = false;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;

    const socket: Socket = connect({
      host: endpoint.host,
      port: endpoint.port,
      localAddress: endpoint.localAddress,
    });
    // No setNoDelay: the command is one write on a fresh connection, which Nagle never holds back.

    const finish = (outcome: { text: string } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.text);
    };
    const replyText = () => Buffer.concat(chunks, received).toString('utf8');
    const replyTimedOut = () => {
      // A server that keeps the connection open and sends no zero byte still answered.
      const text = replyText();
      if (text.trim() !== '' && options.isComplete?.(text)) finish({ text });
      else
        finish({
          error: new ServerTimeoutError(
            `the chat server at ${where} did not answer within ${timeouts.replyTimeoutMs} ms${text ? ' (the reply was incomplete)' : ''}`,
            'reply',
          ),
        });
    };
    // One timer for both deadlines: armed for the connection, it finds out when it fires whether
    // the reply's deadline (from the connection) is the one left; most replies come long before.
    let connectedAt: number | undefined;
    const deadline = () => {
      if (connectedAt === undefined) {
        finish({
          error: new ServerTimeoutError(
            `no connection to the chat server at ${where} within ${timeouts.connectTimeoutMs} ms`,
            'connect',
          ),
        });
        return;
      }
      const replyLeftMs = connectedAt + timeouts.replyTimeoutMs - performance.now();
      if (replyLeftMs > 0) timer = setTimeout(replyTimedOut, replyLeftMs);
      else replyTimedOut();
    };
    timer = setTimeout(deadline, timeouts.connectTimeoutMs);

    socket.once('connect', () => {
      connectedAt = performance.now();
      // The reply's deadline may come before the connection's: then it is the one armed.
      if (timeouts.replyTimeoutMs < timeouts.connectTimeoutMs) {
        clearTimeout(timer);
        timer = setTimeout(replyTimedOut, timeouts.replyTimeoutMs);
      }
      written = true;
      // No half-close: a peer may take the end of our stream as a hang-up before it answers.
      socket.write(Buffer.from(`${payload}\0`, 'utf8'));
    });

    socket.on('data', (chunk: Buffer) => {
      const zeroAt = chunk.indexOf(ZERO_BYTE);
      // Nearly every reply comes whole in one chunk: read it in place, without gathering.
      if (zeroAt !== -1 && received === 0) return finish({ text: chunk.toString('utf8', 0, zeroAt) });
      const part = zeroAt === -1 ? chunk : chunk.subarray(0, zeroAt);
      chunks.push(part);
      received += part.length;
      if (zeroAt !== -1) return finish({ text: replyText() });
      if (received > MAX_REPLY_BYTES) {
        return finish({
          error: new MalformedReplyError(
            `the chat server at ${where} sent more than ${MAX_REPLY_BYTES} bytes without ending its reply`,
            '',
          ),
        });
      }
      const text = replyText();
      if (options.isComplete?.(text)) finish({ text });
    });

    socket.once('end', () => finish({ text: replyText() }));

    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (!written) {
        finish({
          error: new ServerUnreachableError(
            `cannot reach the chat server at ${where}: ${describeSocketError(error)}`,
            false,
          ),
        });
      } else if (received > 0) {
        // The partial reply is judged by the caller's parser, which says what is missing.
        finish({ text: replyText() });
      } else {
        finish({
          error: new MalformedReplyError(
            `the chat server at ${where} dropped the connection without answering (${describeSocketError(error)})`,
            '',
          ),
        });
      }
    });
  });
}

function describeSocketError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running, and is this the Server API port?)';
    case 'ECONNRESET':
      return 'connection reset by the server';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'no route to the host';
    case 'ENOTFOUND':
      return 'unknown host name';
    case 'EADDRNOTAVAIL':
      return 'the local address is not available';
    default:
      return error.code ?? error.message;
  }
}
