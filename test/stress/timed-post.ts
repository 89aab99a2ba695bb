import { request } from 'node:http';

export interface TimedAnswer {
  status: number;
  text: string;
  /** From the request's last byte handed to the connection to the answer's last byte read. */
  ackMs: number;
}

/**
 * One POST on a connection of its own, timed as Slack's side sees it: from the moment the request
 * has been sent (its last byte handed to the connection) to the whole answer read. A client busy
 * preparing a thousand requests has not sent the later ones yet, and that wait is the client's,
 * not the bot's; what the bot takes after it has the request (its queue, its event loop) is all
 * counted, and the time this process takes to notice the answer too, so the figure is never less
 * than the bot took. Loopback http only.
 */
export function timedPost(url: string, headers: Record<string, string>, body: string): Promise<TimedAnswer> {
  return new Promise((resolve, reject) => {
    let sentAt: number | undefined;
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const ackMs = performance.now() - (sentAt ?? performance.now());
          resolve({ status: incoming.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ackMs });
        });
      },
    );
    outgoing.on('finish', () => {
      sentAt = performance.now();
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
