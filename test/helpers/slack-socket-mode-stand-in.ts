import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SlackWebApiStandIn } from './slack-web-api-stand-in.ts';

/**
 * Slack's Socket Mode side on loopback: apps.connections.open (on the Web API stand-in) hands out
 * a ws:// URL here; a connecting client gets `hello`, then the envelopes a test sends, and its
 * acknowledgements are recorded by envelope id.
 */
export interface SocketModeStandIn {
  /** Resolves with the connection once a client has connected and been greeted. */
  connected: Promise<WebSocket>;
  /** Envelope ids the client acknowledged, in order. */
  acks: string[];
  /** What each acknowledgement carried (a slash command's immediate answer), by envelope id. */
  ackPayloads: Map<string, unknown>;
  /** Resolves with the time from sending the envelope to its acknowledgement, in ms. */
  /** Sends an envelope; resolves with its id. */
  send(type: string, payload: Record<string, unknown>, extra?: Record<string, unknown>): Promise<string>;
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

export async function startSocketModeStandIn(api: SlackWebApiStandIn): Promise<SocketModeStandIn> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  api.answer('apps.connections.open', () => ({
    body: { ok: true, url: `ws://127.0.0.1:${port}/link?ticket=t1` },
  }));

  const acks: string[] = [];
  const ackPayloads = new Map<string, unknown>();
  const ackedAt = new Map<string, number>();
  const sentAt = new Map<string, number>();
  const connected = new Promise<WebSocket>((resolve) => {
    server.on('connection', (socket) => {
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (message.envelope_id) {
          acks.push(message.envelope_id);
          if (message.payload !== undefined) ackPayloads.set(message.envelope_id, message.payload);
          ackedAt.set(message.envelope_id, performance.now());
        }
      });
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'stand-in', approximate_connection_time: 18060 },
          connection_info: { app_id: 'A0FLASH' },
        }),
      );
      resolve(socket);
    });
  });

  return {
    connected,
    acks,
    ackPayloads,
    async send(type, payload, extra = {}) {
      const socket = await connected;
      const envelopeId = randomUUID();
      sentAt.set(envelopeId, performance.now());
      socket.send(
        JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: true, ...extra }),
      );
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
