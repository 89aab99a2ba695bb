import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import {
  type App,
  type BufferedIncomingMessage,
  HTTPReceiver,
  type Logger,
  type Receiver,
} from '@slack/bolt';
import type { Log } from './adapter-log.ts';
import { createRefusalLog, type RefusalLog } from './refusal-log.ts';
import { type Refusal, SSL_CHECK_MAX_BYTES, screenRequest } from './request-screen.ts';
import { SLACK_EVENTS_PATH } from './slack-methods.ts';

/** What the HTTP front holds to; every figure is documented in README.md (HTTP mode). */
export interface ReceiverLimits {
  /**
   * The largest body taken. The biggest requests this app gets are block_actions, which carry the
   * clicked message (Slack caps its blocks near 13k characters and its text at 40k), each character
   * at most 9 bytes once form-encoded: under 480 KB; and subteam_updated, which lists the group's
   * members at ~14 bytes each (1 MiB is ~70,000 members). Slash commands are a few KB.
   */
  bodyLimitBytes: number;
  /** From the connection (or the end of the previous request on it) to the whole header block. */
  headersTimeoutMs: number;
  /** From the headers to the last byte of the body: Slack wants its ack within 3 s anyway. */
  bodyTimeoutMs: number;
  /** Open connections at most (a burst of 1,000 commands through a proxy is 1,000 connections). */
  maxConnections: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /**
   * Bytes of bodies read and not yet checked, across all requests: past it a request is refused
   * (503), so what unsigned senders make the process hold is bounded whatever their number.
   */
  unverifiedBytes: number;
}

export const DEFAULT_RECEIVER_LIMITS: ReceiverLimits = {
  bodyLimitBytes: 1024 * 1024,
  headersTimeoutMs: 5_000,
  bodyTimeoutMs: 5_000,
  maxConnections: 1_024,
  keepAliveTimeoutMs: 5_000,
  unverifiedBytes: 32 * 1024 * 1024,
};

const DROP_LOG_EVERY_MS = 60_000;

export interface GuardedReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** The adapter's (masked) log. */
  log: Log;
  limits?: Partial<ReceiverLimits>;
  /**
   * Called once a request's signature is verified, before Bolt takes it; what it returns is called
   * when that request's response is closed. Unsigned traffic never reaches it.
   */
  onVerified(): () => void;
}

export interface ListenAt {
  port: number;
  host: string;
}

type BodyRead = { chunks: Buffer[]; size: number } | Refusal | { gone: true };

/**
 * Bolt's HTTP receiver behind a front that refuses hostile traffic cheaply: anything but POST
 * /slack/events is 404; a request without a well-formed signature and a timestamp within 5
 * minutes is 401 before its body is read; a body over the limit is 413 as soon as its
 * Content-Length or its bytes say so; a body that does not arrive in time is cut; connections are
 * capped. Only a request whose signature checks out is counted as arrived and handed to Bolt
 * (which reuses the body read here, checks the signature again and goes on as ever).
 */
export class GuardedReceiver implements Receiver {
  readonly #bolt: HTTPReceiver;
  readonly #options: GuardedReceiverOptions;
  readonly #limits: ReceiverLimits;
  readonly #reading = new Set<IncomingMessage>();
  #server: Server | undefined;
  #unverifiedBytes = 0;
  #lastDropLog = Number.NEGATIVE_INFINITY;
  readonly #refusals: RefusalLog;

  constructor(options: GuardedReceiverOptions) {
    this.#options = options;
    this.#limits = { ...DEFAULT_RECEIVER_LIMITS, ...options.limits };
    this.#refusals = createRefusalLog(options.log, SLACK_EVENTS_PATH);
    this.#bolt = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      logger: options.logger,
      bodyLimit: this.#limits.bodyLimitBytes,
    });
  }

  init(app: App): void {
    this.#bolt.init(app);
  }

  start(at: ListenAt): Promise<Server> {
    const limits = this.#limits;
    const server = createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        // Node's own cut-off for the whole request, behind the body timer below.
        requestTimeout: limits.headersTimeoutMs + limits.bodyTimeoutMs,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        // Node checks the two timeouts above every 30 s by default.
        connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
      },
      (request, response) => {
        this.#receive(request, response).catch((error: unknown) => {
          this.#options.log(`Slack: the request could not be handled: ${String(error)}`);
          if (!response.headersSent) this.#refuse(response, { status: 503 });
        });
      },
    );
    server.maxConnections = limits.maxConnections;
    server.on('drop', () => {
      const now = performance.now();
      if (now - this.#lastDropLog < DROP_LOG_EVERY_MS) return;
      this.#lastDropLog = now;
      this.#options.log(
        `Slack: ${limits.maxConnections} connections are open, the most taken; new ones are closed at once (logged at most once a minute).`,
      );
    });
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: at.port, host: at.host }, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Bodies still dribbling in were never verified: nothing is lost by cutting them now.
    for (const request of this.#reading) request.socket.destroy();
    await closed;
    this.#refusals.close();
  }

  async #receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const screened = screenRequest(request, Date.now(), this.#limits.bodyLimitBytes);
    if ('status' in screened) return this.#refuse(response, screened);

    if (screened.sslCheck) {
      const read = await this.#readBody(request, SSL_CHECK_MAX_BYTES);
      if ('gone' in read) return;
      if ('status' in read) return this.#refuse(response, read);
      if (parseForm(Buffer.concat(read.chunks).toString()).ssl_check === '1')
        return void response.writeHead(200).end();
      return this.#refuse(response, { status: 401, reason: 'no signature headers' });
    }

    // Signed as the body comes in, so a forged body is dropped as read, never joined or decoded.
    const hmac = createHmac('sha256', this.#options.signingSecret).update(`v0:${screened.timestamp}:`);
    const read = await this.#readBody(request, this.#limits.bodyLimitBytes, (chunk) => hmac.update(chunk));
    if ('gone' in read) return;
    if ('status' in read) return this.#refuse(response, read);
    // Both are "v0=" and 64 hex digits (screen checked the header), so of equal length.
    if (!timingSafeEqual(Buffer.from(`v0=${hmac.digest('hex')}`), Buffer.from(screened.signature)))
      return this.#refuse(response, { status: 401, reason: 'signature mismatch' });

    // Bolt's bufferIncomingMessage takes a request whose rawBody is set as already read; Bolt
    // then checks the signature again, its own way, and goes on as it always has.
    (request as BufferedIncomingMessage).rawBody = Buffer.concat(read.chunks, read.size);
    response.once('close', this.#options.onVerified());
    this.#bolt.requestListener(request, response);
  }

  /** The body, within the limit, the time and the shared budget of unverified bytes. */
  #readBody(request: IncomingMessage, limit: number, onChunk?: (chunk: Buffer) => void): Promise<BodyRead> {
    const { bodyTimeoutMs, unverifiedBytes } = this.#limits;
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (result: BodyRead) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        request.off('data', onData).off('end', onEnd).off('close', onClose);
        this.#reading.delete(request);
        this.#unverifiedBytes -= size;
        chunks.length = 0;
        resolve(result);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        this.#unverifiedBytes += chunk.length;
        if (size > limit) finish({ status: 413, reason: `body over the limit of ${limit} bytes` });
        else if (this.#unverifiedBytes > unverifiedBytes)
          finish({ status: 503, reason: `more than ${unverifiedBytes} bytes of unverified bodies held` });
        else {
          chunks.push(chunk);
          onChunk?.(chunk);
        }
      };
      const onEnd = () => finish({ chunks: [...chunks], size });
      const onClose = () => finish({ gone: true });
      const timer = setTimeout(
        () => finish({ status: 408, reason: `body not received within ${bodyTimeoutMs} ms` }),
        bodyTimeoutMs,
      );
      this.#reading.add(request);
      request.on('data', onData).on('end', onEnd).on('close', onClose);
    });
  }

  #refuse(response: ServerResponse, refusal: Refusal): void {
    if (refusal.reason !== undefined) this.#refusals.refused(refusal.status, refusal.reason);
    // Closing the connection drops whatever the sender still has to send, unread.
    response.writeHead(refusal.status, { connection: 'close', 'content-length': '0' }).end();
  }
}
