import { connect, type Socket } from 'node:net';
import { slackSignature } from './slack-requests.ts';

/**
 * An HTTP/1.1 request written by hand on its own TCP connection, so that a test decides what is
 * sent and when: headers that promise a body which never comes, a body dribbled a byte at a time.
 */
export interface RawRequest {
  socket: Socket;
  /** The status of the first answer, or undefined when the connection ended without one. */
  status: Promise<number | undefined>;
  /** Resolves once the connection is closed, by either side, or failed. */
  closed: Promise<void>;
  /** Writes more of the body; false once the connection is gone. */
  write(chunk: string | Buffer): boolean;
}

export interface RawRequestHead {
  method?: string;
  path?: string;
  headers: Record<string, string>;
}

/** Connects to 127.0.0.1:port and writes the request line, the headers and `body` (if any), not ending it. */
export function rawRequest(port: number, head: RawRequestHead, body?: string | Buffer): Promise<RawRequest> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let received = '';
    let settleStatus: (status: number | undefined) => void = () => {};
    const status = new Promise<number | undefined>((settle) => {
      settleStatus = settle;
    });
    const closed = new Promise<void>((settle) => socket.once('close', () => settle()));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const line = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      if (line) settleStatus(Number(line[1]));
    });
    socket.once('close', () => settleStatus(undefined));
    // A reset after the answer (the server drops the rest of the body unread) is not a failure here.
    socket.on('error', () => {});
    socket.once('connect', () => {
      const lines = [`${head.method ?? 'POST'} ${head.path ?? '/slack/events'} HTTP/1.1`, 'Host: 127.0.0.1'];
      for (const [name, value] of Object.entries(head.headers)) lines.push(`${name}: ${value}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (body !== undefined) socket.write(body);
      resolve({
        socket,
        status,
        closed,
        write: (chunk) => !socket.destroyed && socket.write(chunk),
      });
    });
    socket.once('error', reject);
  });
}

/**
 * Slack's two signature headers for `body`: correct for `secret`, or, with no secret, well-formed
 * but made up (an attacker's, which only the whole body can prove wrong).
 */
export function signatureHeaders(
  body: string,
  secret?: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature':
      secret === undefined ? `v0=${'0'.repeat(64)}` : slackSignature(secret, timestamp, body),
  };
}
