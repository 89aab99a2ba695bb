import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (request: IncomingMessage, response: ServerResponse) => void;

export interface FakeDataApi {
  readonly baseUrl: string;
  /** Request URLs (path and query) in arrival order. */
  readonly requests: string[];
  /** Authorization headers in arrival order. */
  readonly authorizations: (string | undefined)[];
  /** Answers requests for `pathname` with `route` from now on. */
  route(pathname: string, route: Route): void;
  close(): Promise<void>;
}

export function xmlAnswer(body: string, status = 200): Route {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
    response.end(body);
  };
}

/** A stand-in for the chat server's HTTP port on 127.0.0.1, on a free port. */
export async function startFakeDataApi(): Promise<FakeDataApi> {
  const routes = new Map<string, Route>();
  const requests: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    authorizations.push(request.headers.authorization);
    const route = routes.get(new URL(request.url ?? '/', 'http://fake').pathname);
    if (route) route(request, response);
    else xmlAnswer('<error/>', 404)(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    authorizations,
    route: (pathname, route) => routes.set(pathname, route),
    close: async () => {
      // Routes that never answer leave connections open; close() alone would wait for them.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
