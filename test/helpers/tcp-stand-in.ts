import { createServer, type Server, type Socket } from 'node:net';

/**
 * A scripted TCP peer on loopback, for the server behaviours the emulator never shows on
 * purpose: silence, garbage, a reply cut in half. It records what each connection sent.
 */
export interface TcpStandIn {
  port: number;
  /** What each connection sent, up to and including its zero byte, as text. */
  received: string[];
  connections: number;
  close(): Promise<void>;
}

export type Behaviour = (socket: Socket, command: string) => void;

export async function startTcpStandIn(behaviour: Behaviour): Promise<TcpStandIn> {
  const sockets = new Set<Socket>();
  const standIn: TcpStandIn = { port: 0, received: [], connections: 0, close: async () => {} };
  const server: Server = createServer((socket) => {
    standIn.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      const zeroAt = buffered.indexOf('\0');
      if (zeroAt === -1) return;
      const command = buffered.slice(0, zeroAt);
      standIn.received.push(command);
      behaviour(socket, command);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  standIn.port = address.port;
  standIn.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return standIn;
}

/** A port on loopback that nothing listens on (bound, read, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}
