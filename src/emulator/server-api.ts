import { createServer, type Socket } from 'node:net';
import type { CommandHandler } from './command-handler.ts';
import { listen } from './listen.ts';
import { ZeroByteFrame } from './zero-byte-frame.ts';

/**
 * The Server API's TCP side: one command per connection, framed by a zero byte, answered with
 * one reply plus a zero byte, then the connection is closed. A command whose zero byte never
 * comes gets no answer (the client gives up); the idle timeout keeps such sockets from piling up.
 */

export interface ServerApiSettings {
  readonly host: string;
  readonly port: number;
  readonly maxCommandBytes: number;
  readonly idleTimeoutMs: number;
  readonly handleCommand: CommandHandler;
  readonly log: (line: string) => void;
}

export interface ServerApi {
  readonly port: number;
  close(): Promise<void>;
}

const REPLY_TERMINATOR = '\0';
const MAX_OPEN_CONNECTIONS = 1024;

export async function startServerApi(settings: ServerApiSettings): Promise<ServerApi> {
  const sockets = new Set<Socket>();
  // Half-open: a client may shut down its sending side after the zero byte and still wait for the reply.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveOneCommand(socket, settings);
  });
  // Commands are short-lived; this many at once means something is hoarding sockets.
  server.maxConnections = MAX_OPEN_CONNECTIONS;
  const port = await listen(server, settings.host, settings.port);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function serveOneCommand(socket: Socket, settings: ServerApiSettings): void {
  const remoteAddress = socket.remoteAddress ?? '';
  const frame = new ZeroByteFrame(settings.maxCommandBytes);
  let framed = false;

  const answer = (body: Buffer | 'oversized') => {
    framed = true;
    settings
      .handleCommand({ remoteAddress, body })
      .then((reply) => socket.end(reply + REPLY_TERMINATOR))
      .catch((error: unknown) => {
        settings.log(
          `server-api ${remoteAddress}: could not answer: ${error instanceof Error ? error.message : String(error)}`,
        );
        socket.destroy();
      });
  };

  socket.setTimeout(settings.idleTimeoutMs, () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    // Whatever follows the zero byte is not part of this command: one command per connection.
    if (framed) return;
    const progress = frame.push(chunk);
    if (progress.state === 'complete') answer(progress.body);
    else if (progress.state === 'oversized') answer('oversized');
  });
  socket.on('end', () => {
    // The client stopped sending without a zero byte: it gave up, so there is no one to answer.
    if (!framed) socket.destroy();
  });
  // A client that resets the connection is not the server's problem; the socket is closed either way.
  socket.on('error', () => socket.destroy());
}
