import { webApiErrorSchema } from './slack-payloads.ts';

/**
 * What went wrong in a Web API call, in words: Slack's own error code when it refused, or the
 * kind of transport failure. Never the request, which carries the token.
 */
export interface WebApiFailure {
  /** Slack's `error` (missing_scope, channel_not_found, …), or request_failed / http_error. */
  code: string;
  /** For missing_scope: the scope Slack said is needed. */
  needed?: string;
  summary: string;
}

export function describeWebApiError(error: unknown): WebApiFailure {
  const parsed = webApiErrorSchema.safeParse(error);
  if (!parsed.success)
    return { code: 'unknown', summary: error instanceof Error ? error.name : 'unknown error' };
  const { code, data, statusCode } = parsed.data;
  if (data) {
    const failure: WebApiFailure = { code: data.error, summary: `Slack answered ${data.error}` };
    if (data.needed) {
      failure.needed = data.needed;
      failure.summary += ` (needs ${data.needed})`;
    }
    return failure;
  }
  switch (code) {
    case 'slack_webapi_request_error':
      return { code: 'request_failed', summary: 'Slack could not be reached' };
    case 'slack_webapi_http_error':
      return { code: 'http_error', summary: `Slack answered HTTP ${statusCode ?? 'error'}` };
    case 'slack_webapi_rate_limited_error':
      return { code: 'ratelimited', summary: 'Slack rate-limited the call' };
    default:
      return { code, summary: `the call failed (${code})` };
  }
}
