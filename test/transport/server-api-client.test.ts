import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  MalformedReplyError,
  ServerRefusedError,
  ServerTimeoutError,
  ServerUnreachableError,
} from '../../src/protocol/errors.ts';
import { ServerApiClient, type ServerApiClientOptions } from '../../src/transport/server-api-client.ts';
import { closedPort, startTcpStandIn, type TcpStandIn } from '../helpers/tcp-stand-in.ts';

const PASSWORD = 'sekret-3874-pw';
const OK = '<?xml version="1.0" encoding="UTF-8"?><Response type="x" result="0" message="done"/>';

let standIn: TcpStandIn | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await standIn?.close();
  standIn = undefined;
});

/**
 * The deadlines run on a test clock: the client's timers and `performance.now()` are faked, the
 * sockets stay real. A deadline is then checked as an ordering on that clock ("still waiting
 * 1 ms before it, given up at it"), never as a duration measured on a loaded machine.
 */
function useTestClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
}

/** A stand-in that never answers, and a promise that resolves once a command has reached it. */
async function silentStandIn(): Promise<{ server: TcpStandIn; commandArrived: Promise<void> }> {
  let arrived: () => void = () => {};
  const commandArrived = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const server = await startTcpStandIn(() => arrived());
  return { server, commandArrived };
}

/** Tracks whether a promise has settled, without handling its outcome for the caller. */
function watch(promise: Promise<unknown>): { readonly settled: boolean } {
  const state = { settled: false };
  promise.then(
    () => {
      state.settled = true;
    },
    () => {
      state.settled = true;
    },
  );
  return state;
}

function clientFor(port: number, options: Partial<ServerApiClientOptions> = {}): ServerApiClient {
  return new ServerApiClient({
    port,
    apiPassword: PASSWORD,
    connectTimeoutMs: 500,
    replyTimeoutMs: 400,
    retryDelayMs: 10,
    ...options,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<{ error: Error }> {
  try {
    await promise;
  } catch (error) {
    return { error: error as Error };
  }
  throw new Error('expected the command to fail');
}

describe('ServerApiClient against scripted servers', () => {
  it('writes the command followed by one zero byte and reads a reply that ends with one', async () => {
    standIn = await startTcpStandIn((socket) => socket.end(`${OK}\0`));
    const outcome = await clientFor(standIn.port).send({
      type: 'broadcast',
      params: { userid: 'ops', msg: 'hello' },
    });
    expect(standIn.received).toEqual([
      `<?xml version="1.0" encoding="UTF-8"?><Command group="default" api_pwd="${PASSWORD}" type="broadcast" userid="ops" msg="hello"/>`,
    ]);
    expect(outcome).toMatchObject({
      type: 'broadcast',
      group: 'default',
      result: '0',
      serverMessage: 'done',
      attempts: 1,
    });
  });

  it('reads a reply ended by the end of the stream, without a zero byte', async () => {
    standIn = await startTcpStandIn((socket) => socket.end('<r result="12"/>'));
    const outcome = await clientFor(standIn.port).send({ type: 'add_room', params: { name: 'Twelve' } });
    expect(outcome.roomId).toBe(12);
  });

  it('reads a whole reply from a server that keeps the connection open and sends no zero byte', async () => {
    standIn = await startTcpStandIn((socket) => socket.write(OK));
    // The test clock never moves here: the reply timer cannot fire, so only reading the whole
    // reply as it arrives can settle the command.
    useTestClock();
    const outcome = await clientFor(standIn.port, { replyTimeoutMs: 5000 }).send({
      type: 'start_group',
      params: {},
    });
    expect(outcome.result).toBe('0');
    expect(outcome.attempts).toBe(1);
  });

  it('nothing listening: unreachable, retried once because nothing was sent', async () => {
    const port = await closedPort();
    // The test clock stands still: the refusal, not the connection deadline, ends both attempts.
    useTestClock();
    const { error } = await failureOf(
      clientFor(port).send({ type: 'broadcast', params: { userid: 'a', msg: 'b' } }),
    );
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect(error.message).toBe(
      `cannot reach the chat server at 127.0.0.1:${port}: connection refused (is the server running, and is this the Server API port?)`,
    );
    expect((error as ServerUnreachableError).commandSent).toBe(false);
  });

  it('a server that accepts and never answers: the reply timeout fires at its deadline, and a broadcast is not retried', async () => {
    const { server, commandArrived } = await silentStandIn();
    standIn = server;
    useTestClock();
    const sending = clientFor(server.port).send({ type: 'broadcast', params: { userid: 'a', msg: 'b' } });
    const failure = failureOf(sending);
    const state = watch(sending);
    await commandArrived;
    await vi.advanceTimersByTimeAsync(399);
    expect(state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const { error } = await failure;
    expect(error).toBeInstanceOf(ServerTimeoutError);
    expect(error.message).toBe(`the chat server at 127.0.0.1:${server.port} did not answer within 400 ms`);
    expect((error as ServerTimeoutError).phase).toBe('reply');
    expect(server.connections).toBe(1);
    expect(server.received).toHaveLength(1);
  });

  it('a reply deadline longer than the connection deadline is kept whole, counted from the connection', async () => {
    const { server, commandArrived } = await silentStandIn();
    standIn = server;
    useTestClock();
    const sending = clientFor(server.port, { connectTimeoutMs: 100, replyTimeoutMs: 450 }).send({
      type: 'broadcast',
      params: { userid: 'a', msg: 'b' },
    });
    const failure = failureOf(sending);
    const state = watch(sending);
    // Connected at test time 0: past the connection's deadline (100 ms), the reply's (450 ms) still runs.
    await commandArrived;
    await vi.advanceTimersByTimeAsync(100);
    expect(state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(349);
    expect(state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const { error } = await failure;
    expect((error as ServerTimeoutError).phase).toBe('reply');
    expect(error.message).toBe(`the chat server at 127.0.0.1:${server.port} did not answer within 450 ms`);
  });

  it('retries an idempotent command once after a reply timeout', async () => {
    standIn = await startTcpStandIn((socket) => {
      if (standIn && standIn.connections > 1) socket.end(`${OK}\0`);
    });
    const outcome = await clientFor(standIn.port).send({ type: 'stop_group', params: {} });
    expect(outcome.attempts).toBe(2);
    expect(standIn.received).toHaveLength(2);
  });

  it('never sends add_room, broadcast or private_message twice', async () => {
    for (const command of [
      { type: 'add_room', params: { name: 'x' } },
      { type: 'private_message', params: { dest_uid: 'a', msg: 'b' } },
      { type: 'del_room', params: { room_id: 3 } },
    ] as const) {
      standIn = await startTcpStandIn((socket) => socket.destroy());
      const { error } = await failureOf(clientFor(standIn.port).send(command));
      expect(error).toBeInstanceOf(MalformedReplyError);
      expect(standIn.received).toHaveLength(1);
      await standIn.close();
      standIn = undefined;
    }
  });

  it('a server that answers garbage: malformed reply, with the raw text kept', async () => {
    standIn = await startTcpStandIn((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n\0'));
    const { error } = await failureOf(clientFor(standIn.port).send({ type: 'start_group', params: {} }));
    expect(error).toBeInstanceOf(MalformedReplyError);
    expect(error.message).toMatch(
      /^start_group: the chat server at 127\.0\.0\.1:\d+ sent a reply flashchat-ops cannot read: the reply is not well-formed XML/,
    );
    expect((error as MalformedReplyError).rawReply).toBe('HTTP/1.1 400 Bad Request\r\n\r\n');
  });

  it('a server that closes mid-reply: malformed reply, at once rather than at the reply deadline', async () => {
    standIn = await startTcpStandIn((socket) => socket.end('<Response result="0" mess'));
    // The test clock stands still, so the reply deadline cannot be what ends the exchange.
    useTestClock();
    const { error } = await failureOf(
      clientFor(standIn.port).send({ type: 'broadcast', params: { userid: 'a', msg: 'b' } }),
    );
    expect(error).toBeInstanceOf(MalformedReplyError);
    expect(error.message).toContain('not well-formed XML');
  });

  it('a server that closes without a word: malformed reply that names the usual causes', async () => {
    standIn = await startTcpStandIn((socket) => socket.end());
    const { error } = await failureOf(
      clientFor(standIn.port).send({ type: 'broadcast', params: { userid: 'a', msg: 'b' } }),
    );
    expect(error).toBeInstanceOf(MalformedReplyError);
    expect(error.message).toContain(
      'closed the connection without answering; a wrong API password or an address missing',
    );
  });

  it('a refusal: typed, with the code, its name and the server message; an echoed password is masked', async () => {
    standIn = await startTcpStandIn((socket) =>
      socket.end(`<Response result="-1" message="bad api_pwd ${PASSWORD}"/>\0`),
    );
    const { error } = await failureOf(
      clientFor(standIn.port).send({ type: 'broadcast', params: { userid: 'a', msg: 'b' } }),
    );
    expect(error).toBeInstanceOf(ServerRefusedError);
    const refused = error as ServerRefusedError;
    expect(refused.code).toBe(-1);
    expect(refused.codeName).toBe('bad_password');
    expect(refused.message).toContain(
      'the chat server refused broadcast: bad api_pwd [redacted] (code -1). Check the API password',
    );
    expect(`${refused.message} ${refused.rawReply} ${refused.serverMessage}`).not.toContain(PASSWORD);
  });

  it('add_room must answer a room id', async () => {
    standIn = await startTcpStandIn((socket) => socket.end('<Response result="ok"/>\0'));
    const { error } = await failureOf(
      clientFor(standIn.port).send({ type: 'add_room', params: { name: 'x' } }),
    );
    expect(error).toBeInstanceOf(MalformedReplyError);
    expect(error.message).toBe('add_room: the chat server answered result="ok", which is not a room id');
  });

  it('an invalid command is refused before any connection is opened', async () => {
    standIn = await startTcpStandIn((socket) => socket.end(`${OK}\0`));
    await expect(
      clientFor(standIn.port).send({ type: 'broadcast', params: { userid: 'a', msg: 'nul\0' } }),
    ).rejects.toThrow('broadcast: msg contains the zero byte (U+0000) at position 4, which XML cannot carry');
    expect(standIn.connections).toBe(0);
  });

  it('holds at most maxConcurrent connections open', async () => {
    let open = 0;
    let highest = 0;
    standIn = await startTcpStandIn((socket) => {
      open += 1;
      highest = Math.max(highest, open);
      setTimeout(() => {
        open -= 1;
        socket.end(`${OK}\0`);
      }, 20);
    });
    const client = clientFor(standIn.port, { maxConcurrent: 3 });
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        client.send({ type: 'broadcast', params: { userid: 'a', msg: `m${index}` } }),
      ),
    );
    expect(outcomes).toHaveLength(12);
    expect(highest).toBe(3);
    expect(standIn.received.map((command) => /msg="(m\d+)"/.exec(command)?.[1]).sort()).toHaveLength(12);
  });

  it('refuses options that would be unsafe, without echoing the password', () => {
    expect(() => new ServerApiClient({ apiPassword: 'pw\0x' })).toThrow(
      'invalid Server API client options: apiPassword: the API password holds a character XML cannot carry',
    );
    expect(() => new ServerApiClient({ apiPassword: 'x', maxConcurrent: 0 })).toThrow('maxConcurrent');
  });
});
