import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load balancer in front of several bot instances, as Slack's HTTP requests meet one in
 * production: each request goes to the next instance in turn; an instance that refuses the
 * connection (killed) is skipped, as a balancer's health check would take it out. Records which
 * instance served each request.
 */
export interface RoundRobinProxy {
  readonly url: string;
  /** For each request forwarded, the index of the instance that answered it. */
  readonly servedBy: number[];
  /** The instance the next request goes to first. */
  next: number;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(targetPorts: () => readonly number[]): Promise<RoundRobinProxy> {
  const servedBy: number[] = [];
  const proxy: RoundRobinProxy = {
    url: '',
    servedBy,
    next: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const forward = (
    index: number,
    tries: number,
    method: string,
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const ports = targetPorts();
      const port = ports[index % ports.length];
      const upstream = request(
        { host: '127.0.0.1', port, method, path, headers: { ...headers, host: `127.0.0.1:${port}` } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            servedBy.push(index % ports.length);
            resolve({
              status: response.statusCode ?? 502,
              headers: response.headers,
              body: Buffer.concat(chunks),
            });
          });
          response.on('error', reject);
        },
      );
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED' && tries > 1)
          forward(index + 1, tries - 1, method, path, headers, body).then(resolve, reject);
        else reject(error);
      });
      upstream.end(body);
    });
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const index = proxy.next;
      proxy.next = (proxy.next + 1) % Math.max(targetPorts().length, 1);
      forward(
        index,
        targetPorts().length,
        incoming.method ?? 'GET',
        incoming.url ?? '/',
        incoming.headers,
        Buffer.concat(chunks),
      ).then(
        (answer) => {
          outgoing.writeHead(answer.status, answer.headers);
          outgoing.end(answer.body);
        },
        () => {
          outgoing.writeHead(502);
          outgoing.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  (proxy as { url: string }).url = `http://127.0.0.1:${port}`;
  return proxy;
}
