import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
  readonly baseUrl: string;
  /** Request paths (with query) that reached the proxy, in arrival order. */
  readonly requests: string[];
  /** Holds every answer back until `release()`, so tests can make requests overlap. */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

/** An HTTP proxy on 127.0.0.1 in front of the emulator's Data API, counting what the client asks. */
export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
  const requests: string[] = [];
  let held: Array<() => void> | undefined;
  const server = createServer((incoming, outgoing) => {
    requests.push(incoming.url ?? '');
    const forward = () => {
      const upstream = httpRequest(
        { host: '127.0.0.1', port: targetPort, path: incoming.url, method: incoming.method },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      upstream.on('error', () => outgoing.destroy());
      upstream.end();
    };
    if (held === undefined) forward();
    else held.push(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    hold: () => {
      held ??= [];
    },
    release: () => {
      const waiting = held ?? [];
      held = undefined;
      for (const forward of waiting) forward();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port with nothing listening on it: connections are refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
