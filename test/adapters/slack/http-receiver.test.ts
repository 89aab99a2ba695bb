import { connect } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuardedReceiver } from '../../../adapters/slack/guarded-receiver.ts';
import { createSlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import { ADMIN_CONFIG, type Stack, startStack } from '../../e2e/harness.ts';
import { type RawRequest, rawRequest, signatureHeaders } from '../../helpers/raw-http.ts';
import { FORM, postSigned, slashCommandBody } from '../../helpers/slack-requests.ts';
import {
  ADMIN,
  BOT_TOKEN,
  messageText,
  SIGNING_SECRET,
  type SlackTestApp,
  startSlackTestApp,
} from '../../helpers/slack-test-app.ts';
import { type SlackWebApiStandIn, startSlackWebApiStandIn } from '../../helpers/slack-web-api-stand-in.ts';

/**
 * The Slack HTTP receiver under hostile traffic (issue 15): what is refused before its body is
 * read, what is cut when it does not arrive, the connection cap, the default address, and that
 * signed commands still run. Every request is written by hand on its own connection.
 */

const BODY_LIMIT = 64 * 1024;
const BODY_TIMEOUT_MS = 300;

let stack: Stack;
let slack: SlackTestApp;
let port: number;
const held: RawRequest[] = [];

beforeAll(async () => {
  stack = await startStack(ADMIN_CONFIG);
  slack = await startSlackTestApp(stack.runtime.core, {
    receiverLimits: { bodyLimitBytes: BODY_LIMIT, bodyTimeoutMs: BODY_TIMEOUT_MS, headersTimeoutMs: 300 },
  });
  port = Number(new URL(slack.url).port);
});
afterAll(async () => {
  for (const request of held) request.socket.destroy();
  await slack?.close();
  await stack?.close();
});

async function open(...args: Parameters<typeof rawRequest>): Promise<RawRequest> {
  const request = await rawRequest(...args);
  held.push(request);
  return request;
}

const command = () => slashCommandBody('broadcast hi', ADMIN, slack.api.responseUrl());

describe('refused from the headers alone, the body never read', () => {
  it('unsigned, its promised 100 KB never sent: 401, and the connection is closed', async () => {
    const request = await open(port, { headers: { 'content-type': FORM, 'content-length': '100000' } });
    expect(await request.status).toBe(401);
    await request.closed;
    expect(slack.logs).toContain('Slack: refused a request to /slack/events (401): no signature headers.');
  });

  it.each([
    ['5 minutes and 1 s old', -301],
    ['5 minutes and 1 s ahead', 301],
  ])('a timestamp %s: 401 before the body', async (_name, offsetS) => {
    const body = command();
    const headers = signatureHeaders(body, SIGNING_SECRET, Math.floor(Date.now() / 1000) + offsetS);
    const request = await open(port, {
      headers: { ...headers, 'content-type': FORM, 'content-length': String(body.length) },
    });
    expect(await request.status).toBe(401);
    expect(slack.logs).toContain(
      'Slack: refused a request to /slack/events (401): x-slack-request-timestamp more than 5 minutes from the local clock.',
    );
  });

  it('a signature that is not v0= and 64 hex digits: 401 before the body', async () => {
    const request = await open(port, {
      headers: {
        'content-type': FORM,
        'content-length': '50',
        'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-slack-signature': 'v1=abc',
      },
    });
    expect(await request.status).toBe(401);
  });

  it('a Content-Length over the limit, signature headers well-formed: 413 before the body', async () => {
    const request = await open(port, {
      headers: { ...signatureHeaders('x'), 'content-type': FORM, 'content-length': String(BODY_LIMIT + 1) },
    });
    expect(await request.status).toBe(413);
    await request.closed;
    expect(slack.logs).toContain(
      `Slack: refused a request to /slack/events (413): Content-Length ${BODY_LIMIT + 1} over the limit of ${BODY_LIMIT} bytes.`,
    );
  });

  it('any other path or method: 404', async () => {
    const other = await open(port, { path: '/admin', headers: { 'content-length': '100000' } });
    const get = await open(port, { method: 'GET', headers: {} });
    expect(await other.status).toBe(404);
    expect(await get.status).toBe(404);
  });
});

describe('bodies read within limits', () => {
  it('chunked, no Content-Length, past the limit: 413 once the bytes read exceed it', async () => {
    const request = await open(port, {
      headers: { ...signatureHeaders('x'), 'content-type': FORM, 'transfer-encoding': 'chunked' },
    });
    const chunk = 'x'.repeat(16 * 1024);
    for (let sent = 0; sent <= BODY_LIMIT; sent += chunk.length)
      request.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    expect(await request.status).toBe(413);
  });

  it.each([
    ['with a made-up signature', undefined],
    ['correctly signed', SIGNING_SECRET],
  ])('a body %s that stops coming is cut by the body timeout (408)', async (_name, secret) => {
    const body = command();
    const request = await open(
      port,
      {
        headers: {
          ...signatureHeaders(body, secret),
          'content-type': FORM,
          'content-length': String(body.length),
        },
      },
      body.slice(0, 10),
    );
    expect(await request.status).toBe(408);
    await request.closed;
    expect(slack.logs).toContain(
      `Slack: refused a request to /slack/events (408): body not received within ${BODY_TIMEOUT_MS} ms.`,
    );
  });

  it('headers that never end are cut by the headers timeout (408)', async () => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.on('error', () => {});
    socket.write('POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nx-slack-signature: v0=');
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      socket.once('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("Slack's unsigned ssl_check is answered 200; another small unsigned form, 401", async () => {
    const check = 'ssl_check=1&token=deprecated-verification-token';
    const sslCheck = await open(
      port,
      { headers: { 'content-type': FORM, 'content-length': String(check.length) } },
      check,
    );
    const smuggled = 'ssl_check=0&command=%2Fchat&text=broadcast';
    const other = await open(
      port,
      { headers: { 'content-type': FORM, 'content-length': String(smuggled.length) } },
      smuggled,
    );
    expect(await sslCheck.status).toBe(200);
    expect(await other.status).toBe(401);
  });

  it('correctly signed commands still run end to end after all of the above: help answered, a broadcast carried out', async () => {
    const answer = await slack.run('help', ADMIN);
    expect(messageText(answer)).toContain('/chat broadcast');
    const broadcasts = () =>
      stack.emulator.acceptedCommands.filter((accepted) => accepted.type === 'broadcast').length;
    const before = broadcasts();
    const { ack, responseUrl } = await slack.command('broadcast still served', ADMIN);
    expect(ack).toMatchObject({ status: 200, text: '' });
    await slack.api.waitForResponses(responseUrl);
    expect(broadcasts()).toBe(before + 1);
  });
});

describe('the connection cap', () => {
  it('past maxConnections a new connection is closed unanswered, logged once; a freed slot serves again', async () => {
    const capped = await startSlackTestApp(stack.runtime.core, {
      receiverLimits: { maxConnections: 2, bodyTimeoutMs: 60_000 },
    });
    const cappedPort = Number(new URL(capped.url).port);
    try {
      const body = command();
      const hold = () =>
        rawRequest(
          cappedPort,
          {
            headers: {
              ...signatureHeaders(body),
              'content-type': FORM,
              'content-length': String(body.length),
            },
          },
          body.slice(0, 5),
        );
      const first = await hold();
      const second = await hold();
      const third = await rawRequest(cappedPort, { headers: { 'content-length': '0' } });
      expect(await third.status).toBeUndefined();
      await third.closed;
      expect(capped.logs.filter((line) => line.includes('connections are open, the most taken'))).toEqual([
        'Slack: 2 connections are open, the most taken; new ones are closed at once (logged at most once a minute).',
      ]);

      first.socket.destroy();
      await first.closed;
      // The server learns of the freed slot a moment later: try until a request is answered.
      let status: number | undefined;
      for (let attempt = 0; attempt < 50 && status === undefined; attempt += 1) {
        const next = await rawRequest(cappedPort, { method: 'GET', path: '/', headers: {} });
        status = await next.status;
        next.socket.destroy();
      }
      expect(status).toBe(404);
      second.socket.destroy();
    } finally {
      await capped.close();
    }
  });
});

describe('only verified requests count for the acknowledgement gate', () => {
  it('a held unsigned body is never counted; a signed request is, until its response closes', async () => {
    const counts = { arrived: 0, released: 0 };
    const receiver = new GuardedReceiver({
      signingSecret: SIGNING_SECRET,
      logger: {
        debug() {},
        info() {},
        warn() {},
        error() {},
        setLevel() {},
        getLevel: () => LogLevel.WARN,
        setName() {},
      },
      log: () => {},
      onVerified: () => {
        counts.arrived += 1;
        return () => {
          counts.released += 1;
        };
      },
    });
    const app = new App({
      token: BOT_TOKEN,
      receiver,
      clientOptions: { slackApiUrl: slack.api.apiUrl },
      deferInitialization: true,
    });
    await app.init();
    let acknowledged: () => void = () => {};
    const commandSeen = new Promise<void>((resolve) => {
      acknowledged = resolve;
    });
    app.command('/chat', async ({ ack }) => {
      await ack();
      acknowledged();
    });
    const server = await receiver.start({ port: 0, host: '127.0.0.1' });
    const address = server.address();
    const boltPort = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const body = command();
      const unsigned = await rawRequest(
        boltPort,
        {
          headers: { ...signatureHeaders(body), 'content-type': FORM, 'content-length': String(body.length) },
        },
        body.slice(0, 20),
      );
      const signed = await postSigned(`http://127.0.0.1:${boltPort}/slack/events`, body, FORM, {
        secret: SIGNING_SECRET,
      });
      await commandSeen;
      expect(signed.status).toBe(200);
      expect(counts.arrived).toBe(1);
      // The rest of the made-up body: it is read, fails its signature and is never counted.
      unsigned.write(body.slice(20));
      expect(await unsigned.status).toBe(401);
      expect(counts).toEqual({ arrived: 1, released: 1 });
    } finally {
      await receiver.stop();
    }
  });
});

describe('where it listens', () => {
  let api: SlackWebApiStandIn;
  beforeAll(async () => {
    api = await startSlackWebApiStandIn();
  });
  afterAll(async () => {
    await api?.close();
  });

  const start = async (host: string | undefined) => {
    const logs: string[] = [];
    const adapter = createSlackAdapter({
      core: stack.runtime.core,
      credentials: {
        signingSecret: SIGNING_SECRET,
        botToken: BOT_TOKEN,
        port: 0,
        apiUrl: api.apiUrl,
        ...(host === undefined ? {} : { host }),
      },
      log: (line) => logs.push(line),
    });
    await adapter.start();
    return { adapter, logs };
  };

  it('by default on loopback only: the address really bound is 127.0.0.1', async () => {
    const { adapter, logs } = await start(undefined);
    try {
      expect(logs).toContain(
        `Slack: listening for /slack/events on port ${adapter.listeningPort} of 127.0.0.1 (HTTP mode).`,
      );
    } finally {
      await adapter.stop();
    }
  });

  it('SLACK_HOST=0.0.0.0 (credentials.host): every IPv4 interface', async () => {
    const { adapter, logs } = await start('0.0.0.0');
    try {
      expect(logs).toContain(
        `Slack: listening for /slack/events on port ${adapter.listeningPort} of 0.0.0.0 (HTTP mode).`,
      );
    } finally {
      await adapter.stop();
    }
  });
});
