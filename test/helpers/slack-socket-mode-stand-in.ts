import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SlackWebApiStandIn } from './slack-web-api-stand-in.ts';

/**
 * Slack's Socket Mode side on loopback: apps.connections.open (on the Web API stand-in) hands out
 * a ws:// URL here; a connecting client gets `hello`, then the envelopes a test sends, and its
 * acknowledgements are recorded by envelope id.
 *
 * Connections come and go as they do with Slack ("Connections refresh regularly. You should be
 * ready to receive and connect to new WebSocket URLs as quickly as possible":
 * api.slack.com/apis/connections/socket-implement): a test can drop a connection as a network
 * failure would (`drop`), or send Slack's `disconnect` message (`requestDisconnect`, with reason
 * `refresh_requested` or `warning`, as that page shows them); the client must then call
 * apps.connections.open again and connect anew. An envelope a connection took but never
 * acknowledged is delivered again, with `retry_attempt` one higher, as Slack retries what is not
 * acknowledged (the same page: "acknowledge ... or Slack will retry").
 *
 * Several connections at once, as several instances of one app open them:
 * - at most 10 are open: "each Slack app ID is allowed a maximum of 10 concurrent websocket
 *   (socket-mode) connections" (a Slack engineer, slackapi/bolt-js#2225). Slack refuses one more
 *   with `{"type":"disconnect","reason":"too_many_websockets","debug_info":{...}}` on the new
 *   socket (the frame as a client logged it, slackapi/bolt-js#2238), so the 11th gets that frame
 *   instead of `hello`; the stand-in then closes it (1008, reason too_many_websockets: how and
 *   whether Slack closes it is not documented, and a client told to disconnect closes anyway);
 * - `hello` reports how many are open, this one included (`num_connections`);
 * - each envelope goes to one open connection only: "the Slack API server will send each event
 *   to only 1 random connection" (slackapi/bolt-python#448, a Slack maintainer; slack-ruby-client#414
 *   quotes socket-implement#connections: "only one connection will be sent any given message").
 *   The stand-in takes them in turn (round-robin by connection number), a fair and repeatable
 *   stand-in for random, so that a test that names no connection still reaches all of them; a test
 *   can name one (`send(..., { connection: n })`). A connection told to disconnect gets no new
 *   envelope (Slack is closing it), except one a test sends there by name;
 * - "Slack's API server delivers to any of the active connections and does retries"
 *   (slackapi/bolt-python#1071): an envelope left unacknowledged on a connection that closes is
 *   delivered again at once on another open connection, or on the next to open if none is.
 */
export interface SocketModeStandIn {
  /** Resolves with the first connection once a client has connected and been greeted. */
  connected: Promise<WebSocket>;
  /** Envelope ids the client acknowledged, in order. */
  acks: string[];
  /** What each acknowledgement carried (a slash command's immediate answer), by envelope id. */
  ackPayloads: Map<string, unknown>;
  /** Every envelope sent, in order, redeliveries included (same envelope id, higher retry_attempt). */
  sent: SentEnvelope[];
  /** Connections greeted with `hello` so far. */
  readonly connections: number;
  /** The numbers (1 = the first greeted) of the connections open now, in order. */
  readonly openConnections: number[];
  /** The `num_connections` each `hello` reported, in order of the connections greeted. */
  helloConnectionCounts: number[];
  /** Connections refused as the 11th and further (too_many_websockets), so far. */
  readonly refusedConnections: number;
  /** The close code of each greeted connection that ended, in order: 1000 when the client closed it cleanly. */
  closeCodes: number[];
  /** Resolves once `count` connections have been greeted (the client reconnected) and one is open. */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
  /**
   * Sends an envelope on the next open connection in turn, or the one named (waiting for one if
   * none is open); resolves with its id.
   */
  send(
    type: string,
    payload: Record<string, unknown>,
    extra?: Record<string, unknown>,
    options?: SendOptions,
  ): Promise<string>;
  /** Resolves with the time from sending the envelope to its acknowledgement, in ms. */
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<number>;
  /** Ends a connection (default the newest open) without a close frame, as a network failure does. */
  drop(connection?: number): void;
  /** Sends Slack's `disconnect` message on a connection (default the newest open); the client is to reconnect. */
  requestDisconnect(reason: 'refresh_requested' | 'warning', connection?: number): void;
  close(): Promise<void>;
}

export interface SendOptions {
  /** The connection to send on, by number (1 = the first greeted); it must be open. */
  connection?: number;
  /**
   * Drops that connection as a network failure would, losing either the envelope itself
   * (`before-delivery`: the client never sees it) or the client's acknowledgement of it
   * (`on-ack`: the client got it and acknowledged it, the acknowledgement never arrived).
   * Either way the envelope is unacknowledged, so it is delivered again on another connection.
   */
  dropConnection?: 'before-delivery' | 'on-ack';
}

export interface SentEnvelope {
  envelopeId: string;
  type: string;
  /** Which connection (1 = the first) it went out on. */
  connection: number;
  retryAttempt: number;
}

/** "a maximum of 10 concurrent websocket (socket-mode) connections" per app (slackapi/bolt-js#2225). */
export const SOCKET_MODE_MAX_CONNECTIONS = 10;

interface Envelope {
  envelope_id: string;
  type: string;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
  [key: string]: unknown;
}

interface Connection {
  number: number;
  socket: WebSocket;
  /** Envelopes sent on it and not acknowledged yet. */
  unacked: Map<string, Envelope>;
  /** Told to disconnect: Slack gives it nothing new. */
  leaving: boolean;
  /** Envelopes whose acknowledgement is to be lost with the connection (SendOptions.dropConnection). */
  dropOnAck: Set<string>;
}

export async function startSocketModeStandIn(api: SlackWebApiStandIn): Promise<SocketModeStandIn> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  let tickets = 0;
  api.answer('apps.connections.open', () => ({
    // A fresh URL each time, as Slack hands out one per connection.
    body: { ok: true, url: `ws://127.0.0.1:${port}/link?ticket=t${++tickets}` },
  }));

  const acks: string[] = [];
  const ackPayloads = new Map<string, unknown>();
  const ackedAt = new Map<string, number>();
  const sentAt = new Map<string, number>();
  const sent: SentEnvelope[] = [];
  const closeCodes: number[] = [];
  const helloConnectionCounts: number[] = [];
  /** Envelopes of closed connections that were never acknowledged, while no connection is open to take them. */
  const toRedeliver: Envelope[] = [];
  /** Open connections by number; a dropped one leaves at once, before its socket's close event. */
  const open = new Map<number, Connection>();
  let greeted = 0;
  let refused = 0;
  let turn = 0;
  const greetedWaiters = new Set<() => void>();

  const deliver = (connection: Connection, envelope: Envelope, lose = false) => {
    connection.unacked.set(envelope.envelope_id, envelope);
    sentAt.set(envelope.envelope_id, performance.now());
    sent.push({
      envelopeId: envelope.envelope_id,
      type: envelope.type,
      connection: connection.number,
      retryAttempt: envelope.retry_attempt ?? 0,
    });
    if (!lose) connection.socket.send(JSON.stringify(envelope));
  };

  /** The next open connection in turn that Slack would give a new envelope to. */
  const nextInTurn = (): Connection | undefined => {
    const ready = [...open.values()].filter((connection) => !connection.leaving);
    if (ready.length === 0) return undefined;
    const connection = ready[turn % ready.length];
    turn += 1;
    return connection;
  };

  const dropConnection = (connection: Connection) => {
    // Gone at once for the test's next send, which goes elsewhere or waits for the next connection.
    open.delete(connection.number);
    connection.socket.terminate();
  };

  let resolveFirst: (socket: WebSocket) => void = () => {};
  const connected = new Promise<WebSocket>((resolve) => {
    resolveFirst = resolve;
  });
  server.on('connection', (socket) => {
    if (open.size >= SOCKET_MODE_MAX_CONNECTIONS) {
      refused += 1;
      socket.send(
        JSON.stringify({
          type: 'disconnect',
          reason: 'too_many_websockets',
          debug_info: { host: 'stand-in' },
        }),
      );
      socket.close(1008, 'too_many_websockets');
      return;
    }
    greeted += 1;
    const connection: Connection = {
      number: greeted,
      socket,
      unacked: new Map(),
      leaving: false,
      dropOnAck: new Set(),
    };
    open.set(connection.number, connection);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (message.envelope_id) {
        if (connection.dropOnAck.has(message.envelope_id)) {
          dropConnection(connection);
          return;
        }
        acks.push(message.envelope_id);
        connection.unacked.delete(message.envelope_id);
        if (message.payload !== undefined) ackPayloads.set(message.envelope_id, message.payload);
        ackedAt.set(message.envelope_id, performance.now());
      }
    });
    socket.on('close', (code) => {
      closeCodes.push(code);
      open.delete(connection.number);
      const unacked = [...connection.unacked.values()];
      connection.unacked.clear();
      for (const envelope of unacked) {
        const other = nextInTurn();
        if (other) redeliver(other, envelope);
        else toRedeliver.push(envelope);
      }
    });
    helloConnectionCounts.push(open.size);
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: open.size,
        debug_info: { host: 'stand-in', approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0FLASH' },
      }),
    );
    for (const envelope of toRedeliver.splice(0)) redeliver(connection, envelope);
    if (greeted === 1) resolveFirst(socket);
    for (const wake of greetedWaiters) wake();
  });

  function redeliver(connection: Connection, envelope: Envelope): void {
    deliver(connection, {
      ...envelope,
      retry_attempt: (envelope.retry_attempt ?? 0) + 1,
      retry_reason: 'timeout',
    });
  }

  /** Resolves once `ready()` holds, checked now and at each greeting. */
  function until(ready: () => boolean, timeoutMs: number, failure: () => string): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        greetedWaiters.delete(check);
        reject(new Error(failure()));
      }, timeoutMs);
      const check = () => {
        if (!ready()) return;
        clearTimeout(timer);
        greetedWaiters.delete(check);
        resolve();
      };
      greetedWaiters.add(check);
    });
  }

  function waitForConnections(count: number, timeoutMs = 15_000): Promise<void> {
    return until(
      () => greeted >= count && open.size > 0,
      timeoutMs,
      () => `${greeted} of ${count} Socket Mode connections were made`,
    );
  }

  /** The newest open connection: the only one, when a single client is connected. */
  const newest = (): Connection | undefined => [...open.values()].at(-1);

  return {
    connected,
    acks,
    ackPayloads,
    sent,
    closeCodes,
    helloConnectionCounts,
    get connections() {
      return greeted;
    },
    get openConnections() {
      return [...open.keys()];
    },
    get refusedConnections() {
      return refused;
    },
    waitForConnections,
    async send(type, payload, extra = {}, options = {}) {
      let connection: Connection | undefined;
      if (options.connection !== undefined) {
        connection = open.get(options.connection);
        if (connection === undefined)
          throw new Error(`Socket Mode connection ${options.connection} is not open`);
      } else {
        connection = nextInTurn();
        if (connection === undefined) {
          await until(
            () => [...open.values()].some((candidate) => !candidate.leaving),
            15_000,
            () => 'no Socket Mode connection to send on',
          );
          connection = nextInTurn();
        }
      }
      if (connection === undefined) throw new Error('no Socket Mode connection to send on');
      const envelopeId = randomUUID();
      const envelope: Envelope = {
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: true,
        ...extra,
      };
      if (options.dropConnection === 'on-ack') connection.dropOnAck.add(envelopeId);
      deliver(connection, envelope, options.dropConnection === 'before-delivery');
      if (options.dropConnection === 'before-delivery') dropConnection(connection);
      return envelopeId;
    },
    waitForAck(envelopeId, timeoutMs = 5000) {
      const waitingSince = performance.now();
      return new Promise((resolve, reject) => {
        const poll = setInterval(() => {
          const at = ackedAt.get(envelopeId);
          if (at !== undefined) {
            clearInterval(poll);
            resolve(at - (sentAt.get(envelopeId) ?? at));
          } else if (performance.now() - waitingSince > timeoutMs) {
            clearInterval(poll);
            reject(new Error(`envelope ${envelopeId} was not acknowledged`));
          }
        }, 5);
      });
    },
    drop(number) {
      const connection = number === undefined ? newest() : open.get(number);
      if (connection) dropConnection(connection);
    },
    requestDisconnect(reason, number) {
      const connection = number === undefined ? newest() : open.get(number);
      if (connection === undefined) return;
      connection.leaving = true;
      connection.socket.send(
        JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'wss-stand-in.slack.com' } }),
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
