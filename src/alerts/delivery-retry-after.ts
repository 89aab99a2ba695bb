/**
 * How a sink says "the platform asked me to wait": Slack and Discord answer 429 with a
 * Retry-After; the adapter rejects the post with this error and the alert queue waits that long
 * before it tries again (instead of its own backoff).
 */
export class DeliveryRetryAfter extends Error {
  override name = 'DeliveryRetryAfter';

  constructor(
    /** How long the platform asked to wait, in milliseconds. */
    readonly retryAfterMs: number,
    message = `the platform asked to retry after ${retryAfterMs} ms`,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The wait a failed post asks for: a DeliveryRetryAfter's, or any error's numeric
 * `retryAfterMs` (an adapter's own error type may carry one too); undefined otherwise.
 */
export function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('retryAfterMs' in error)) return undefined;
  const { retryAfterMs } = error;
  return typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
    ? retryAfterMs
    : undefined;
}
