import { randomBytes } from 'node:crypto';

/**
 * REST 429s on demand, as Discord sends them (discord-api-docs, developers/topics/rate-limits.mdx,
 * "Exceeding A Rate Limit"): a JSON body `{ message, retry_after (seconds, float), global }`, the
 * `Retry-After` header in whole seconds (the docs' example: `Retry-After: 65` beside
 * `retry_after: 64.57`), and the route headers `X-RateLimit-Limit/-Remaining/-Reset/-Reset-After/
 * -Bucket/-Scope`; a global limit carries `X-RateLimit-Global: true` and scope `global` instead.
 * While the limit lasts, Discord refuses again ("rely on the Retry-After header or retry_after
 * field to determine when to retry"): so does this, and a client that retries early is seen.
 */

export interface RateLimitSpec {
  /** The HTTP method limited; any when unset. */
  method?: string;
  /** The path after `/api/v10` that is limited, e.g. `/^\/interactions\/[^/]+\/[^/]+\/callback$/`. */
  path: RegExp;
  retryAfterMs: number;
  /**
   * A global limit: every request the same client makes (the same Authorization, or none: "If no
   * authorization header is provided, then the limit is applied to the IP address") is refused
   * until it passes, not only the limited route's.
   */
  global?: boolean;
}

export interface RateLimitAnswer {
  status: 429;
  headers: Record<string, string>;
  body: { message: string; retry_after: number; global: boolean };
}

interface Window {
  spec: RateLimitSpec;
  bucket: string;
  authorization: string | undefined;
  until: number;
}

export class RateLimits {
  readonly #now: () => number;
  readonly #armed: RateLimitSpec[] = [];
  #windows: Window[] = [];

  constructor(now: () => number) {
    this.#now = now;
  }

  /** The next request matching `spec` is answered 429, and so is any that comes before the limit passes. */
  limitNext(spec: RateLimitSpec): void {
    this.#armed.push(spec);
  }

  /** The 429 this request gets, or undefined when it may go on. */
  check(method: string, path: string, authorization: string | undefined): RateLimitAnswer | undefined {
    const now = this.#now();
    this.#windows = this.#windows.filter((window) => window.until > now);
    const within = this.#windows.find((window) =>
      window.spec.global ? window.authorization === authorization : matches(window.spec, method, path),
    );
    if (within) return answer(within, now);
    const index = this.#armed.findIndex((spec) => matches(spec, method, path));
    const spec = this.#armed[index];
    if (spec === undefined) return undefined;
    this.#armed.splice(index, 1);
    const window: Window = {
      spec,
      bucket: randomBytes(8).toString('hex'),
      authorization,
      until: now + spec.retryAfterMs,
    };
    this.#windows.push(window);
    return answer(window, now);
  }
}

function matches(spec: RateLimitSpec, method: string, path: string): boolean {
  return (spec.method === undefined || spec.method === method) && spec.path.test(path);
}

function answer(window: Window, now: number): RateLimitAnswer {
  const seconds = Math.max(0, window.until - now) / 1000;
  const global = window.spec.global === true;
  const headers: Record<string, string> = { 'Retry-After': String(Math.ceil(seconds)) };
  if (global) {
    headers['X-RateLimit-Global'] = 'true';
    headers['X-RateLimit-Scope'] = 'global';
  } else {
    headers['X-RateLimit-Limit'] = '1';
    headers['X-RateLimit-Remaining'] = '0';
    headers['X-RateLimit-Reset'] = (Date.now() / 1000 + seconds).toFixed(3);
    headers['X-RateLimit-Reset-After'] = seconds.toFixed(3);
    headers['X-RateLimit-Bucket'] = window.bucket;
    headers['X-RateLimit-Scope'] = 'user';
  }
  return {
    status: 429,
    headers,
    body: { message: 'You are being rate limited.', retry_after: Number(seconds.toFixed(3)), global },
  };
}
