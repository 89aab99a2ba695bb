import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * Discord's gateway on loopback, in JSON text frames (discord.js only compresses with zlib-sync,
 * which is not installed), as discord-api-docs developers/events/gateway.mdx describes it:
 * - HELLO with `heartbeat_interval` ("Sending Heartbeats"), short when a test asks, so heartbeats
 *   really run; each Heartbeat (op 1) answered with a Heartbeat ACK (op 11), unless the test has
 *   the connection stop answering: "If a client does not receive a heartbeat ACK between its
 *   attempts at sending heartbeats, this may be due to a failed or 'zombied' connection. The
 *   client should immediately terminate the connection ... then reconnect and attempt to Resume."
 * - Discord asking for a heartbeat (op 1 from the gateway: "your app should immediately send back
 *   another Heartbeat event").
 * - IDENTIFY -> READY (+ GUILD_CREATE); RESUME -> the dispatches the session missed, in order,
 *   then RESUMED ("If successful, the Gateway will send the missed events in order, finishing
 *   with a Resumed event"); a RESUME of an unknown session -> Invalid Session (op 9, false).
 * - Reconnect (op 7): "the client should reconnect to the gateway (and resume their existing
 *   session)" (gateway-events.mdx).
 * - Invalid Session (op 9): `d` says whether the session may be resumed; with false "your app
 *   should disconnect ... then send an Identify", and the session is gone here.
 * - Closing with 1000 or 1001 ends the session ("your session will be invalidated"); any other
 *   close keeps it for a RESUME.
 */

export interface GatewayOptions {
  /** The only token IDENTIFY and RESUME are taken with. */
  token: string;
  heartbeatIntervalMs: number;
  /** `resume_gateway_url` in READY. */
  url: () => string;
  /** What follows a good IDENTIFY: READY's data (given the new session's id), then other dispatches. */
  identified(sessionId: string): { ready: unknown; after: Array<{ t: string; d: unknown }> };
}

interface Frame {
  op: number;
  d: unknown;
  s?: number;
  t?: string;
}

interface Session {
  id: string;
  sequence: number;
  socket: WebSocket | undefined;
  /** Dispatches the client has not confirmed (its heartbeats carry the last sequence it read). */
  backlog: Frame[];
}

interface Connection {
  socket: WebSocket;
  /** False once a test made this connection a zombie: heartbeats arrive, no ACK goes back. */
  acking: boolean;
}

const HEARTBEAT = 1;
const IDENTIFY = 2;
const RESUME = 6;
const RECONNECT = 7;
const INVALID_SESSION = 9;
const HELLO = 10;
const HEARTBEAT_ACK = 11;
/** Codes with which a client ends its session rather than pausing it. */
const ENDS_SESSION: ReadonlySet<number> = new Set([1000, 1001]);

export class GatewayStandIn {
  /** Every frame the client sent (IDENTIFY and RESUME carry the token, as they must). */
  readonly framesReceived: Array<{ op: number; d: unknown }> = [];
  readonly framesSent: unknown[] = [];
  /** The query strings connections were opened with (`v`, `encoding`, `compress`). */
  readonly queries: Array<Record<string, string>> = [];
  identifies = 0;
  resumes = 0;
  heartbeats = 0;
  heartbeatAcks = 0;
  /** Heartbeats a zombie connection let go unanswered. */
  heartbeatsUnanswered = 0;
  /** Dispatches sent again on a RESUME. */
  replayed = 0;

  readonly #options: GatewayOptions;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, Session>();
  readonly #connections = new Set<Connection>();

  constructor(options: GatewayOptions) {
    this.#options = options;
    this.#wss.on('connection', (socket, request) => this.#connected(socket, request));
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(request, socket, head, (client) => this.#wss.emit('connection', client, request));
  }

  get connected(): boolean {
    return [...this.#sessions.values()].some((session) => session.socket !== undefined);
  }

  dispatch(event: string, data: unknown): void {
    for (const session of this.#sessions.values()) this.#dispatch(session, event, data);
  }

  /** Closes every connection as a network failure would; the sessions stay, for a RESUME. */
  dropConnections(code = 4000): void {
    for (const session of this.#sessions.values()) {
      session.socket?.close(code, 'stand-in dropped the connection');
      session.socket = undefined;
    }
  }

  /** The connections open now stop answering heartbeats (a zombied connection); new ones answer. */
  withholdHeartbeatAcks(): void {
    for (const connection of this.#connections) connection.acking = false;
  }

  /** Discord asks for a heartbeat now (op 1 from the gateway). */
  requestHeartbeat(): void {
    for (const connection of this.#connections) this.#sendRaw(connection.socket, { op: HEARTBEAT, d: null });
  }

  /** Op 7 on every open connection. */
  requestReconnect(): void {
    for (const connection of this.#connections) this.#sendRaw(connection.socket, { op: RECONNECT, d: null });
  }

  /** Op 9 on every open connection; not resumable: the sessions are gone, a RESUME would be refused. */
  invalidateSessions(resumable: boolean): void {
    if (!resumable)
      for (const session of this.#sessions.values()) {
        session.socket = undefined;
        this.#sessions.delete(session.id);
      }
    for (const connection of this.#connections)
      this.#sendRaw(connection.socket, { op: INVALID_SESSION, d: resumable });
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #connected(socket: WebSocket, request: IncomingMessage): void {
    this.queries.push(Object.fromEntries(new URL(request.url ?? '/', 'http://stand-in').searchParams));
    const connection: Connection = { socket, acking: true };
    this.#connections.add(connection);
    socket.on('close', (code) => {
      this.#connections.delete(connection);
      for (const session of this.#sessions.values())
        if (session.socket === socket) {
          session.socket = undefined;
          if (ENDS_SESSION.has(code)) this.#sessions.delete(session.id);
        }
    });
    this.#sendRaw(socket, { op: HELLO, d: { heartbeat_interval: this.#options.heartbeatIntervalMs } });
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { op: number; d: unknown };
      this.framesReceived.push(frame);
      switch (frame.op) {
        case HEARTBEAT:
          this.#heartbeat(connection, frame.d);
          break;
        case IDENTIFY:
          this.#identify(socket, frame.d as { token?: string });
          break;
        case RESUME:
          this.#resume(socket, frame.d as { token?: string; session_id?: string; seq?: number | null });
          break;
      }
    });
  }

  #heartbeat(connection: Connection, lastSequence: unknown): void {
    this.heartbeats += 1;
    // What the client has read needs no replay.
    if (typeof lastSequence === 'number')
      for (const session of this.#sessions.values())
        if (session.socket === connection.socket)
          session.backlog = session.backlog.filter((frame) => (frame.s ?? 0) > lastSequence);
    if (!connection.acking) {
      this.heartbeatsUnanswered += 1;
      return;
    }
    this.heartbeatAcks += 1;
    this.#sendRaw(connection.socket, { op: HEARTBEAT_ACK });
  }

  #identify(socket: WebSocket, data: { token?: string }): void {
    if (data.token !== this.#options.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    this.identifies += 1;
    const session: Session = { id: randomBytes(16).toString('hex'), sequence: 0, socket, backlog: [] };
    this.#sessions.set(session.id, session);
    const { ready, after } = this.#options.identified(session.id);
    this.#dispatch(session, 'READY', ready);
    for (const event of after) this.#dispatch(session, event.t, event.d);
  }

  #resume(socket: WebSocket, data: { token?: string; session_id?: string; seq?: number | null }): void {
    const session = data.session_id === undefined ? undefined : this.#sessions.get(data.session_id);
    if (data.token !== this.#options.token || session === undefined) {
      this.#sendRaw(socket, { op: INVALID_SESSION, d: false });
      return;
    }
    this.resumes += 1;
    session.socket = socket;
    const after = data.seq ?? 0;
    for (const frame of session.backlog)
      if ((frame.s ?? 0) > after) {
        this.replayed += 1;
        this.#sendRaw(socket, frame);
      }
    this.#dispatch(session, 'RESUMED', {});
  }

  #dispatch(session: Session, event: string, data: unknown): void {
    session.sequence += 1;
    const frame: Frame = { op: 0, t: event, d: data, s: session.sequence };
    session.backlog.push(frame);
    if (session.socket !== undefined) this.#sendRaw(session.socket, frame);
  }

  #sendRaw(socket: WebSocket, frame: object): void {
    this.framesSent.push(frame);
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  }
}
