/** One GET to the Data API, turned into the document's text or a typed failure. */

import { describeEndpoint } from './endpoint.ts';
import {
  brokenConnectionReason,
  connectionFailed,
  type DataApiFailure,
  type DataApiResult,
  httpStatus,
  malformed,
  timedOut,
  unreachable,
  unreachableReason,
} from './failures.ts';

export interface TextRequest {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
}

export async function getText(request: TextRequest): Promise<DataApiResult<string>> {
  const endpoint = describeEndpoint(request.url);
  try {
    // The timeout covers the body too: the signal also aborts the stream being read below.
    const response = await fetch(request.url, {
      headers: request.headers,
      signal: AbortSignal.timeout(request.timeoutMs),
      // The Data API does not redirect; following one could lead the bot to another host.
      redirect: 'manual',
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, failure: httpStatus(endpoint, response.status, response.statusText) };
    }
    const text = await readTextWithin(response, request.maxBodyBytes);
    if (text === undefined) {
      return { ok: false, failure: malformed(endpoint, `it is larger than ${request.maxBodyBytes} bytes`) };
    }
    return { ok: true, value: text };
  } catch (error) {
    return { ok: false, failure: classifyFetchError(error, endpoint, request.timeoutMs) };
  }
}

/** The body as UTF-8 (a BOM is dropped), or undefined once it passes `maxBytes`. */
async function readTextWithin(response: Response, maxBytes: number): Promise<string | undefined> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(chunk.value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function classifyFetchError(error: unknown, endpoint: string, timeoutMs: number): DataApiFailure {
  if (error instanceof Error && error.name === 'TimeoutError') return timedOut(endpoint, timeoutMs);
  const code = connectionErrorCode(error);
  if (code !== undefined && unreachableReason(code) !== undefined) return unreachable(endpoint, code);
  const detail = code === undefined ? withoutUrls(innermostMessage(error)) : brokenConnectionReason(code);
  return connectionFailed(endpoint, detail);
}

function innermostMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // "fetch failed" says nothing; the cause (e.g. "bad port") does.
  return error.cause instanceof Error ? error.cause.message : error.message;
}

/** Node's fetch wraps the socket error as `cause`; dual-stack connects wrap several in an AggregateError. */
function connectionErrorCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  for (const candidate of [cause, ...(cause instanceof AggregateError ? cause.errors : [])]) {
    if (candidate instanceof Error && 'code' in candidate && typeof candidate.code === 'string') {
      return candidate.code;
    }
  }
  return undefined;
}

// fetch's own messages can quote the URL it was given, credentials included.
function withoutUrls(message: string): string {
  return message.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>');
}
