import { connect } from 'node:net';

/** The floor: one command's bytes over a fresh TCP connection, read until the zero byte. */
export function rawExchange(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      if (chunk.includes(0)) {
        socket.destroy();
        resolve();
      }
    });
    socket.on('error', reject);
  });
}
