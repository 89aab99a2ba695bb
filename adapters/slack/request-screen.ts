import type { IncomingMessage } from 'node:http';
import { SLACK_EVENTS_PATH } from './slack-methods.ts';

/** Slack's window for X-Slack-Request-Timestamp, either way of the local clock. */
const TIMESTAMP_WINDOW_S = 5 * 60;
/**
 * Slack's ssl_check (`ssl_check=1&token=…`, form-encoded) is the one request Slack sends unsigned
 * (bolt-js#1397): an unsigned request is read only when it declares a body this small.
 */
export const SSL_CHECK_MAX_BYTES = 256;
const FORM_TYPE = 'application/x-www-form-urlencoded';

/** An answer with no body; the reason, when there is one, is logged. */
export type Refusal = { status: 401 | 404 | 408 | 413 | 503; reason?: string };

export type Screened =
  | Refusal
  | { sslCheck: false; signature: string; timestamp: number }
  | { sslCheck: true; signature?: undefined; timestamp?: undefined };

/**
 * What the request line and the headers alone decide, before a byte of the body is read: 404 for
 * any other path or method; 401 without both signature headers well-formed and a timestamp within
 * 5 minutes (unless it may be Slack's ssl_check); 413 for a Content-Length over the limit.
 */
export function screenRequest(request: IncomingMessage, nowMs: number, bodyLimitBytes: number): Screened {
  if (request.method !== 'POST' || pathOf(request.url) !== SLACK_EVENTS_PATH) return { status: 404 };
  const declared = request.headers['content-length'];
  // Node has already refused a Content-Length that is not a number.
  const length = declared === undefined ? undefined : Number(declared);
  const signature = request.headers['x-slack-signature'];
  const timestampText = request.headers['x-slack-request-timestamp'];
  if (signature === undefined && timestampText === undefined) {
    const isForm = request.headers['content-type']?.split(';')[0]?.trim() === FORM_TYPE;
    if (isForm && length !== undefined && length <= SSL_CHECK_MAX_BYTES) return { sslCheck: true };
    return { status: 401, reason: 'no signature headers' };
  }
  if (typeof signature !== 'string' || !/^v0=[0-9a-f]{64}$/.test(signature))
    return { status: 401, reason: 'no well-formed x-slack-signature (v0=…)' };
  if (typeof timestampText !== 'string' || !/^[0-9]{1,12}$/.test(timestampText))
    return { status: 401, reason: 'no well-formed x-slack-request-timestamp' };
  const timestamp = Number(timestampText);
  if (Math.abs(nowMs / 1000 - timestamp) > TIMESTAMP_WINDOW_S)
    return { status: 401, reason: 'x-slack-request-timestamp more than 5 minutes from the local clock' };
  if (length !== undefined && length > bodyLimitBytes)
    return { status: 413, reason: `Content-Length ${length} over the limit of ${bodyLimitBytes} bytes` };
  return { sslCheck: false, signature, timestamp };
}

function pathOf(url: string | undefined): string | undefined {
  // The usual origin-form ("/slack/events?…") without building a URL; anything else the long way.
  if (url?.startsWith('/') && !url.startsWith('//')) return url.split('?', 1)[0];
  try {
    return new URL(url ?? '', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}
