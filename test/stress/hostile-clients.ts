import { setTimeout as sleep } from 'node:timers/promises';
import { type RawRequest, rawRequest, signatureHeaders } from '../helpers/raw-http.ts';

/**
 * Senders of slow requests that Slack never signed, each keeping one connection to the receiver
 * open at all times (a new one as soon as the last is closed): the headers promise a big body,
 * which is then dribbled. `unsigned` ones send no signature headers (Content-Length 4 MB, Bolt's
 * old limit); `forged` ones a well-formed made-up signature with a fresh timestamp and a body
 * just under the receiver's limit, which only the whole body can prove wrong.
 */
export interface HostileSenders {
  /** Connections opened so far. */
  readonly opened: number;
  /** How their requests ended: an HTTP status, or "closed" without one. */
  readonly outcomes: Record<string, number>;
  stop(): Promise<void>;
}

export interface HostileSendersOptions {
  port: number;
  unsigned: number;
  forged: number;
  /** Declared by a forged request; keep it under the receiver's body limit. */
  forgedBodyBytes: number;
  /** Sent every `everyMs` on each connection. */
  chunkBytes: number;
  everyMs: number;
}

const UNSIGNED_BODY_BYTES = 4 * 1024 * 1024;
const FORM = 'application/x-www-form-urlencoded';
const PAUSE_BEFORE_RECONNECT_MS = 100;

export function startHostileSenders(options: HostileSendersOptions): HostileSenders {
  let running = true;
  let opened = 0;
  const outcomes: Record<string, number> = {};
  const open = new Set<RawRequest>();
  const chunk = Buffer.alloc(options.chunkBytes, 'x');

  async function oneRequest(forged: boolean): Promise<void> {
    const length = forged ? options.forgedBodyBytes : UNSIGNED_BODY_BYTES;
    const headers: Record<string, string> = { 'content-type': FORM, 'content-length': String(length) };
    const request = await rawRequest(options.port, {
      headers: forged ? { ...headers, ...signatureHeaders('') } : headers,
    }).catch(() => undefined);
    if (request === undefined) {
      outcomes['connect failed'] = (outcomes['connect failed'] ?? 0) + 1;
      return;
    }
    opened += 1;
    open.add(request);
    let left = length;
    const dribble = setInterval(() => {
      if (left <= 0) return;
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      request.write(piece);
    }, options.everyMs);
    const status = await request.status;
    const outcome = status === undefined ? 'closed' : String(status);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    clearInterval(dribble);
    request.socket.destroy();
    open.delete(request);
  }

  const slots = [
    ...Array.from({ length: options.unsigned }, () => false),
    ...Array.from({ length: options.forged }, () => true),
  ].map(async (forged) => {
    while (running) {
      await oneRequest(forged);
      await sleep(PAUSE_BEFORE_RECONNECT_MS);
    }
  });

  return {
    get opened() {
      return opened;
    },
    outcomes,
    async stop() {
      running = false;
      for (const request of open) request.socket.destroy();
      await Promise.all(slots);
    },
  };
}
