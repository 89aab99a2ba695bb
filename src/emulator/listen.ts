import type { Server as HttpServer } from 'node:http';
import type { Server as TcpServer } from 'node:net';

/** Starts listening and resolves with the port actually bound (the point of asking for port 0). */
export function listen(server: TcpServer | HttpServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}
