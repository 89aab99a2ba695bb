import { connect } from 'node:net';
import type { Endpoint } from './framed-exchange.ts';

export type ProbeResult = { reachable: true; elapsedMs: number } | { reachable: false; reason: string };

/**
 * Whether the Server API port takes connections: connect, then close at once without sending a
 * byte. The Server API has no read-only command, and a probe must never change the chat.
 */
export function probeServer(endpoint: Endpoint, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ host: endpoint.host, port: endpoint.port, localAddress: endpoint.localAddress });
    const finish = (result: ProbeResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ reachable: false, reason: `no connection within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.once('connect', () => finish({ reachable: true, elapsedMs: performance.now() - started }));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish({ reachable: false, reason: error.code ?? error.message }),
    );
  });
}
