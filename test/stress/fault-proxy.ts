import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP peer between the bot and the emulator that misbehaves on demand, for the chat server
 * faults the emulator never shows on purpose:
 * - `pass`: a transparent relay (the emulator answers);
 * - `stall`: takes the command, never forwards or answers it (a hung server);
 * - `half`: forwards the command (the emulator carries it out), then sends the bot only the
 *   first half of the reply and closes (a reply cut in half);
 * - `flood`: answers the command with 4 MB of text and no end (a hostile or broken peer).
 */
export type ProxyMode = 'pass' | 'stall' | 'half' | 'flood';

const FLOOD_BYTES = 4 * 1024 * 1024;

export interface FaultProxy {
  port: number;
  mode: ProxyMode;
  /** Connections taken in each mode. */
  readonly served: Record<ProxyMode, number>;
  close(): Promise<void>;
}

export async function startFaultProxy(upstreamPort: number): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  };
  const proxy: FaultProxy = {
    port: 0,
    mode: 'pass',
    served: { pass: 0, stall: 0, half: 0, flood: 0 },
    close: async () => {},
  };
  const server: Server = createServer((client) => {
    track(client);
    const mode = proxy.mode;
    proxy.served[mode] += 1;
    if (mode === 'stall') {
      client.resume(); // read the command, answer nothing, keep the connection open
      return;
    }
    if (mode === 'flood') {
      client.once('data', () => {
        const chunk = Buffer.alloc(64 * 1024, '<');
        let left = FLOOD_BYTES;
        const pump = () => {
          while (left > 0 && !client.destroyed) {
            left -= chunk.length;
            if (!client.write(chunk)) {
              client.once('drain', pump);
              return;
            }
          }
        };
        pump();
      });
      return;
    }
    const upstream = connect({ host: '127.0.0.1', port: upstreamPort });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    if (mode === 'pass') {
      upstream.pipe(client);
      return;
    }
    const reply: Buffer[] = [];
    upstream.on('data', (chunk: Buffer) => reply.push(chunk));
    upstream.on('end', () => {
      const whole = Buffer.concat(reply);
      client.end(whole.subarray(0, Math.floor(whole.length / 2)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no proxy address');
  proxy.port = address.port;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return proxy;
}
