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
 * api.slack.com/apis/connections/socket-implement): a test can drop the current connection as a
 * network failure would (`drop`), or send Slack's `disconnect` message (`requestDisconnect`, with
 * reason `refresh_requested` or `warning`, as that page shows them); the client must then call
 * apps.connections.open again and connect anew. An envelope a connection took but never
 * acknowledged is delivered again on the next connection, with `retry_attempt` one higher, as
 * Slack retries what is not acknowledged (the same page: "acknowledge ... or Slack will retry").
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
  /** The close code of each connection that ended, in order: 1000 when the client closed it cleanly. */
  closeCodes: number[];
  /** Resolves once `count` connections have been greeted (the client reconnected). */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
  /** Sends an envelope on the current connection (waiting for one if there is none); resolves with its id. */
  send(type: string, payload: Record<string, unknown>, extra?: Record<string, unknown>): Promise<string>;
  /** Resolves with the time from sending the envelope to its acknowledgement, in ms. */
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<number>;
  /** Ends the current connection without a close frame, as a network failure does. */
  drop(): void;
  /** Sends Slack's `disconnect` message on the current connection; the client is to reconnect. */
  requestDisconnect(reason: 'refresh_requested' | 'warning'): void;
  close(): Promise<void>;
}

export interface SentEnvelope {
  envelopeId: string;
  type: string;
  /** Which connection (1 = the first) it went out on. */
  connection: number;
  retryAttempt: number;
}

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
  /** Envelopes of closed connections that were never acknowledged: the next connection gets them. */
  const toRedeliver: Envelope[] = [];
  let current: Connection | undefined;
  let greeted = 0;
  const greetedWaiters = new Set<() => void>();

  const deliver = (connection: Connection, envelope: Envelope) => {
    connection.unacked.set(envelope.envelope_id, envelope);
    sentAt.set(envelope.envelope_id, performance.now());
    sent.push({
      envelopeId: envelope.envelope_id,
      type: envelope.type,
      connection: connection.number,
      retryAttempt: envelope.retry_attempt ?? 0,
    });
    connection.socket.send(JSON.stringify(envelope));
  };

  let resolveFirst: (socket: WebSocket) => void = () => {};
  const connected = new Promise<WebSocket>((resolve) => {
    resolveFirst = resolve;
  });
  server.on('connection', (socket) => {
    greeted += 1;
    const connection: Connection = { number: greeted, socket, unacked: new Map() };
    current = connection;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (message.envelope_id) {
        acks.push(message.envelope_id);
        connection.unacked.delete(message.envelope_id);
        if (message.payload !== undefined) ackPayloads.set(message.envelope_id, message.payload);
        ackedAt.set(message.envelope_id, performance.now());
      }
    });
    socket.on('close', (code) => {
      closeCodes.push(code);
      if (current === connection) current = undefined;
      toRedeliver.push(...connection.unacked.values());
      connection.unacked.clear();
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
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

  function waitForConnections(count: number, timeoutMs = 15_000): Promise<void> {
    if (greeted >= count && current !== undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        greetedWaiters.delete(check);
        reject(new Error(`${greeted} of ${count} Socket Mode connections were made`));
      }, timeoutMs);
      const check = () => {
        if (greeted < count || current === undefined) return;
        clearTimeout(timer);
        greetedWaiters.delete(check);
        resolve();
      };
      greetedWaiters.add(check);
    });
  }

  return {
    connected,
    acks,
    ackPayloads,
    sent,
    closeCodes,
    get connections() {
      return greeted;
    },
    waitForConnections,
    async send(type, payload, extra = {}) {
      if (current === undefined) await waitForConnections(greeted + 1);
      const connection = current;
      if (connection === undefined) throw new Error('no Socket Mode connection to send on');
      const envelopeId = randomUUID();
      deliver(connection, {
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: true,
        ...extra,
      });
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
    drop() {
      const connection = current;
      // Gone at once for the test's next send, which waits for the next connection.
      current = undefined;
      connection?.socket.terminate();
    },
    requestDisconnect(reason) {
      current?.socket.send(
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
