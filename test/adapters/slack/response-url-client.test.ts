import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createResponseUrlClient,
  type ResponseUrlClient,
  ResponseUrlRefusal,
} from '../../../adapters/slack/response-url-client.ts';

interface Received {
  method: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** A response_url on loopback: records each post and answers it as `answer` says. */
async function startResponseUrl(
  answer: (response: ServerResponse) => void = (response) => response.end('ok'),
) {
  const received: Received[] = [];
  let connections = 0;
  const closed: Promise<void>[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method,
        contentType: request.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      answer(response);
    });
  });
  server.on('connection', (socket) => {
    connections += 1;
    closed.push(new Promise((resolve) => socket.once('close', () => resolve())));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/commands/T1/1/abc`,
    received,
    connections: () => connections,
    allClosed: () => Promise.all(closed),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let client: ResponseUrlClient | undefined;
let endpoint: Awaited<ReturnType<typeof startResponseUrl>> | undefined;
afterEach(async () => {
  client?.close();
  await endpoint?.close();
  client = undefined;
  endpoint = undefined;
});

describe('response_url client', () => {
  it('posts the message as JSON, byte-exact, and the next post reuses the connection', async () => {
    endpoint = await startResponseUrl();
    client = createResponseUrlClient({ timeoutMs: 2_000 });
    const respond = client.responder(endpoint.url);
    const text = 'Ünïcode ✓, "quotes", <angle> & a\nnewline 🎉';
    await respond({ response_type: 'ephemeral', text });
    await respond({ replace_original: true, text: 'second' });
    expect(endpoint.received).toHaveLength(2);
    expect(endpoint.received[0]).toEqual({
      method: 'POST',
      contentType: 'application/json',
      body: JSON.stringify({ response_type: 'ephemeral', text }),
    });
    expect(JSON.parse(endpoint.received[1]?.body ?? '')).toEqual({ replace_original: true, text: 'second' });
    expect(endpoint.connections()).toBe(1);
  });

  it.each([
    [429, true],
    [500, true],
    [503, true],
    [404, false],
    [400, false],
  ])('Slack answering %i is a refusal; may it pass: %s', async (status, mayPass) => {
    endpoint = await startResponseUrl((response) => {
      response.statusCode = status;
      response.end('no');
    });
    client = createResponseUrlClient({ timeoutMs: 2_000 });
    const failure = await client
      .responder(endpoint.url)({ text: 'hello' })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(ResponseUrlRefusal);
    expect(failure).toMatchObject({ statusCode: status, mayPass });
    expect(String((failure as Error).message)).toMatch(new RegExp(`^the response_url answered ${status} `));
  });

  it('a response_url that never answers fails after the timeout, with a reason', async () => {
    endpoint = await startResponseUrl(() => undefined);
    client = createResponseUrlClient({ timeoutMs: 150 });
    await expect(client.responder(endpoint.url)({ text: 'hello' })).rejects.toThrow(
      'no answer from the response_url within 150 ms',
    );
  });

  it('a response_url nobody listens on fails (a failure that may pass: not a refusal)', async () => {
    endpoint = await startResponseUrl();
    const { url } = endpoint;
    await endpoint.close();
    endpoint = undefined;
    client = createResponseUrlClient({ timeoutMs: 2_000 });
    const failure = await client
      .responder(url)({ text: 'hello' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ResponseUrlRefusal);
    expect(failure).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('a kept-alive connection closed as it is reused: the post goes again at once, on a new one', async () => {
    // Each connection serves one post; the next post on it is cut off, as when the other side
    // closes an idle connection just as the client reuses it.
    const served = new WeakSet<object>();
    let cutOff = 0;
    endpoint = await startResponseUrl((response) => {
      const socket = response.req.socket;
      if (served.has(socket)) {
        cutOff += 1;
        socket.destroy();
        return;
      }
      served.add(socket);
      response.end('ok');
    });
    client = createResponseUrlClient({ timeoutMs: 2_000 });
    const respond = client.responder(endpoint.url);
    await respond({ text: 'first' });
    await respond({ text: 'second' });
    expect(cutOff).toBe(1);
    expect(endpoint.connections()).toBe(2);
    expect(endpoint.received.map((post) => JSON.parse(post.body).text)).toEqual([
      'first',
      'second',
      'second',
    ]);
  });

  it('close() ends the connections kept open', async () => {
    endpoint = await startResponseUrl();
    client = createResponseUrlClient({ timeoutMs: 5_000 });
    await client.responder(endpoint.url)({ text: 'hello' });
    client.close();
    await endpoint.allClosed();
    expect(endpoint.connections()).toBe(1);
  });
});
