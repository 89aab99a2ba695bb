import { createServer, type Server } from 'node:http';
import type { HealthReport } from './health.ts';
import type { Metrics } from './metrics.ts';

export interface ObservabilityServer {
  port: number;
  close(): Promise<void>;
}

/**
 * `GET /healthz` (JSON; 200 while the bot runs, with the chat server's reachability and data age)
 * and `GET /metrics` (Prometheus text), on their own port.
 */
export async function startObservabilityServer(options: {
  port: number;
  host?: string;
  metrics: Metrics;
  health: () => Promise<HealthReport>;
}): Promise<ObservabilityServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const answer = async () => {
      if (path === '/healthz') {
        const report = await options.health();
        response.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
        });
        response.end(`${JSON.stringify(report)}\n`);
      } else if (path === '/metrics') {
        const text = await options.metrics.text();
        response.writeHead(200, { 'content-type': options.metrics.registry.contentType });
        response.end(text);
      } else {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      }
    };
    answer().catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('internal error\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
