/**
 * Why a Data API request gave no data, as values rather than exceptions: a stopped chat server
 * is an everyday condition the bot reports to moderators. Messages name the endpoint as
 * host:port/path only, so no credential or query string from a URL can reach a chat channel.
 */

export type DataApiFailure =
  /** Nothing accepted the connection (refused, unknown host, no route). */
  | {
      readonly kind: 'unreachable';
      readonly endpoint: string;
      readonly code: string;
      readonly message: string;
    }
  | {
      readonly kind: 'timeout';
      readonly endpoint: string;
      readonly timeoutMs: number;
      readonly message: string;
    }
  | {
      readonly kind: 'http-status';
      readonly endpoint: string;
      readonly status: number;
      readonly message: string;
    }
  /** The answer is not a document of the expected shape (including a refused DOCTYPE). */
  | {
      readonly kind: 'malformed';
      readonly endpoint: string;
      readonly reason: string;
      readonly message: string;
    }
  /** The connection was made but broke, or the peer does not speak HTTP. */
  | {
      readonly kind: 'connection-failed';
      readonly endpoint: string;
      readonly detail: string;
      readonly message: string;
    };

export type DataApiResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: DataApiFailure };

const UNREACHABLE_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  ETIMEDOUT: 'connection attempt timed out',
};

/** The phrase for a connection error code that means "could not connect", or undefined. */
export function unreachableReason(code: string): string | undefined {
  return UNREACHABLE_CODES[code];
}

export function unreachable(endpoint: string, code: string): DataApiFailure {
  const why = unreachableReason(code) ?? code;
  return {
    kind: 'unreachable',
    endpoint,
    code,
    message: `the Data API at ${endpoint} is unreachable (${why})`,
  };
}

export function timedOut(endpoint: string, timeoutMs: number): DataApiFailure {
  const message = `the Data API at ${endpoint} did not answer within ${timeoutMs} ms`;
  return { kind: 'timeout', endpoint, timeoutMs, message };
}

export function httpStatus(endpoint: string, status: number, statusText: string): DataApiFailure {
  const shownStatus = statusText === '' ? `${status}` : `${status} ${statusText}`;
  return {
    kind: 'http-status',
    endpoint,
    status,
    message: `the Data API at ${endpoint} answered HTTP ${shownStatus}`,
  };
}

export function malformed(endpoint: string, reason: string): DataApiFailure {
  const message = `the Data API at ${endpoint} sent a document that cannot be read: ${reason}`;
  return { kind: 'malformed', endpoint, reason, message };
}

const BROKEN_CONNECTION_CODES: Readonly<Record<string, string>> = {
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  UND_ERR_SOCKET: 'the server closed the connection',
};

/** A phrase for the code of a connection that was made and then broke. */
export function brokenConnectionReason(code: string): string {
  // llhttp's parse errors: the port answers, but not in HTTP (the chat port 51127 instead of 35555, say).
  if (code.startsWith('HPE_')) return `the answer is not HTTP: ${code}`;
  return BROKEN_CONNECTION_CODES[code] ?? code;
}

export function connectionFailed(endpoint: string, detail: string): DataApiFailure {
  const message = `the connection to the Data API at ${endpoint} failed (${detail})`;
  return { kind: 'connection-failed', endpoint, detail, message };
}
