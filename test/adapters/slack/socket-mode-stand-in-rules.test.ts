import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  SOCKET_MODE_MAX_CONNECTIONS,
  type SocketModeStandIn,
  startSocketModeStandIn,
} from '../../helpers/slack-socket-mode-stand-in.ts';
import {
  APP_TOKEN,
  type SlackWebApiStandIn,
  startSlackWebApiStandIn,
} from '../../helpers/slack-web-api-stand-in.ts';

/**
 * The Socket Mode stand-in holds several connections as Slack does (see slack-socket-mode-stand-in.ts
 * for where each rule comes from), shown with raw WebSocket clients so that a rule cannot silently
 * stop working: at most 10 open, `hello` counting them, each envelope to one connection, and an
 * unacknowledged one delivered again on another.
 */

let api: SlackWebApiStandIn;
let socket: SocketModeStandIn;
const clients: RawClient[] = [];

beforeEach(async () => {
  api = await startSlackWebApiStandIn();
  socket = await startSocketModeStandIn(api);
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.ws.terminate();
  await socket.close();
  await api.close();
});

interface Frame {
  type: string;
  envelope_id?: string;
  reason?: string;
  num_connections?: number;
  retry_attempt?: number;
  retry_reason?: string;
  payload?: Record<string, unknown>;
}

interface RawClient {
  ws: WebSocket;
  frames: Frame[];
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves with the `count`th frame once it has arrived. */
  frame(count: number): Promise<Frame>;
  ack(envelopeId: string): void;
}

/** A client as an app makes it: apps.connections.open with the app-level token, then the URL. */
async function connect(): Promise<RawClient> {
  const opened = await fetch(`${api.apiUrl}apps.connections.open`, {
    method: 'POST',
    headers: { authorization: `Bearer ${APP_TOKEN}` },
  });
  const { url } = (await opened.json()) as { url: string };
  const ws = new WebSocket(url);
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as Frame);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  const client: RawClient = {
    ws,
    frames,
    closed,
    frame: (count) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`frame ${count} never came`)), 5000);
        const check = () => {
          const frame = frames[count - 1];
          if (frame === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(frame);
        };
        waiters.add(check);
        check();
      }),
    ack: (envelopeId) => ws.send(JSON.stringify({ envelope_id: envelopeId })),
  };
  clients.push(client);
  return client;
}

/** Connects and waits for the greeting (or the refusal). */
async function greeted(): Promise<RawClient> {
  const client = await connect();
  await client.frame(1);
  return client;
}

describe('several Socket Mode connections at once, as Slack holds them', () => {
  it('hello counts the open connections; the 11th gets disconnect too_many_websockets instead, and is closed', async () => {
    const open: RawClient[] = [];
    for (let index = 0; index < SOCKET_MODE_MAX_CONNECTIONS; index += 1) open.push(await greeted());
    expect(open.map((client) => client.frames[0]?.num_connections)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(open.every((client) => client.frames[0]?.type === 'hello')).toBe(true);

    const eleventh = await greeted();
    expect(eleventh.frames[0]).toMatchObject({ type: 'disconnect', reason: 'too_many_websockets' });
    expect(await eleventh.closed).toEqual({ code: 1008, reason: 'too_many_websockets' });
    expect(socket.refusedConnections).toBe(1);
    expect(socket.connections).toBe(SOCKET_MODE_MAX_CONNECTIONS);

    // One goes: there is room again.
    open[0]?.ws.close();
    await open[0]?.closed;
    for (let waited = 0; socket.openConnections.length > 9 && waited < 2000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const again = await greeted();
    expect(again.frames[0]).toMatchObject({ type: 'hello', num_connections: 10 });
  });

  it('each envelope goes to one connection, in turn; a named connection gets it; one told to disconnect gets nothing new', async () => {
    const [first, second] = [await greeted(), await greeted()];
    for (let index = 0; index < 4; index += 1) await socket.send('slash_commands', { n: index });
    expect(socket.sent.map((envelope) => envelope.connection)).toEqual([1, 2, 1, 2]);
    await first?.frame(3);
    await second?.frame(3);
    expect(first?.frames.slice(1).map((frame) => frame.payload?.n)).toEqual([0, 2]);
    expect(second?.frames.slice(1).map((frame) => frame.payload?.n)).toEqual([1, 3]);

    await socket.send('slash_commands', { n: 'named' }, {}, { connection: 2 });
    expect(socket.sent.at(-1)?.connection).toBe(2);
    await expect(socket.send('slash_commands', {}, {}, { connection: 9 })).rejects.toThrow(
      'Socket Mode connection 9 is not open',
    );

    socket.requestDisconnect('warning', 1);
    for (let index = 0; index < 2; index += 1) await socket.send('slash_commands', { n: `after ${index}` });
    expect(socket.sent.slice(-2).map((envelope) => envelope.connection)).toEqual([2, 2]);
  });

  it('an envelope left unacknowledged on a connection that closes is delivered again at once on another, retry_attempt one higher', async () => {
    const [first, second] = [await greeted(), await greeted()];
    const envelopeId = await socket.send('slash_commands', { n: 1 }, {}, { connection: 1 });
    await first?.frame(2);
    first?.ws.terminate();
    const redelivered = await second?.frame(2);
    expect(redelivered).toMatchObject({ envelope_id: envelopeId, retry_attempt: 1, retry_reason: 'timeout' });
    second?.ack(envelopeId);
    await socket.waitForAck(envelopeId);
    expect(socket.sent.map(({ connection, retryAttempt }) => ({ connection, retryAttempt }))).toEqual([
      { connection: 1, retryAttempt: 0 },
      { connection: 2, retryAttempt: 1 },
    ]);
  });

  it('with no other connection open, it goes to the next one to open', async () => {
    const only = await greeted();
    const envelopeId = await socket.send('slash_commands', { n: 1 });
    await only.frame(2);
    only.ws.terminate();
    await only.closed;
    const next = await greeted();
    expect(await next.frame(2)).toMatchObject({ envelope_id: envelopeId, retry_attempt: 1 });
  });

  it('dropConnection: on-ack loses the acknowledgement with the connection, before-delivery the envelope itself', async () => {
    const [first, second] = [await greeted(), await greeted()];
    const ackLost = await socket.send(
      'slash_commands',
      { n: 1 },
      {},
      { connection: 1, dropConnection: 'on-ack' },
    );
    const received = await first?.frame(2);
    expect(received?.envelope_id).toBe(ackLost);
    first?.ack(ackLost);
    expect((await second?.frame(2))?.envelope_id).toBe(ackLost);
    second?.ack(ackLost);
    await socket.waitForAck(ackLost);
    // Acknowledged once, on the second connection: the first acknowledgement was lost.
    expect(socket.acks.filter((id) => id === ackLost)).toHaveLength(1);
    expect(socket.closeCodes).toEqual([1006]);
    await first?.closed;

    const third = await greeted();
    const lost = await socket.send(
      'slash_commands',
      { n: 2 },
      {},
      { connection: 2, dropConnection: 'before-delivery' },
    );
    expect(await third.frame(2)).toMatchObject({ envelope_id: lost, retry_attempt: 1 });
    await second?.closed;
    // The dropped connection never saw it: its greeting and the other redelivery only.
    expect(second?.frames.map((frame) => frame.envelope_id ?? frame.type)).toEqual(['hello', ackLost]);
  });
});
