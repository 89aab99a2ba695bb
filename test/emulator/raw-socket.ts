import { connect } from 'node:net';
import { XMLParser } from 'fast-xml-parser';

/**
 * A bare TCP client for the emulator tests: writes exactly the bytes it is given and reports
 * exactly what came back, and how the exchange ended. Deliberately not the product's client.
 */

export interface RawExchange {
  readonly bytes: Buffer;
  /** The bytes as UTF-8, the zero byte included when one came. */
  readonly text: string;
  /** 'zero-byte': a zero byte arrived; 'closed': the server closed first; 'timeout': neither in time. */
  readonly ending: 'zero-byte' | 'closed' | 'timeout';
  /** Whether the server closed the connection (within a short grace period after a zero byte). */
  readonly closedByServer: boolean;
}

export interface ExchangeOptions {
  readonly timeoutMs?: number;
  /** Written one after another, each after the previous write has been flushed plus this delay. */
  readonly chunkDelayMs?: number;
  /** Half-close after writing, as some clients do. */
  readonly endAfterWriting?: boolean;
  /** Called once every chunk is written (and the half-close made, when asked for). */
  readonly onWritten?: () => void;
}

const HOST = '127.0.0.1';
const CLOSE_GRACE_MS = 500;

export function exchange(
  port: number,
  payload: string | Uint8Array | ReadonlyArray<string | Uint8Array>,
  options: ExchangeOptions = {},
): Promise<RawExchange> {
  const chunks = typeof payload === 'string' || payload instanceof Uint8Array ? [payload] : payload;
  const timeoutMs = options.timeoutMs ?? 3000;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: HOST, port, noDelay: true });
    const received: Buffer[] = [];
    let ending: RawExchange['ending'] | undefined;
    let closedByServer = false;
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(grace);
      socket.destroy();
      const bytes = Buffer.concat(received);
      resolve({ bytes, text: bytes.toString('utf8'), ending: ending ?? 'timeout', closedByServer });
    };
    const timer = setTimeout(finish, timeoutMs);
    let grace: NodeJS.Timeout | undefined;
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (ending === undefined && chunk.includes(0)) {
        ending = 'zero-byte';
        // Wait briefly to see whether the server closes the connection after replying.
        grace = setTimeout(finish, CLOSE_GRACE_MS);
      }
    });
    socket.on('end', () => {
      closedByServer = true;
      ending ??= 'closed';
      finish();
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        await new Promise<void>((written) => socket.write(chunk, () => written()));
        if (options.chunkDelayMs !== undefined) {
          await new Promise((pause) => setTimeout(pause, options.chunkDelayMs));
        }
      }
      if (options.endAfterWriting) socket.end();
      options.onWritten?.();
    });
  });
}

export interface ParsedReply {
  readonly root: string;
  readonly type: string | undefined;
  readonly result: string | undefined;
  readonly message: string | undefined;
}

const replyParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
});

/** Parses the reply document (before its zero byte) with an ordinary XML parser. */
export function parseReply(text: string): ParsedReply {
  const zero = text.indexOf('\0');
  const document: Record<string, Record<string, string>> = replyParser.parse(
    zero === -1 ? text : text.slice(0, zero),
  );
  const root = Object.keys(document).find((key) => key !== '?xml') ?? '';
  const attributes = document[root] ?? {};
  return { root, type: attributes.type, result: attributes.result, message: attributes.message };
}

/** Sends one command plus its zero byte and parses the reply. */
export async function sendCommand(
  port: number,
  command: string,
): Promise<ParsedReply & { raw: RawExchange }> {
  const raw = await exchange(port, `${command}\0`);
  return { ...parseReply(raw.text), raw };
}

export const PASSWORD = '3874-3459-9999-2199';

/** A command with the manual's password and the default group, attributes written as given. */
export function command(type: string, attributes = '', extra = ''): string {
  const rest = attributes === '' ? '' : ` ${attributes}`;
  return `<?xml version="1.0" encoding="UTF-8"?><Command group="default" api_pwd="${PASSWORD}" type="${type}"${rest}${extra === '' ? '/>' : `>${extra}</Command>`}`;
}
