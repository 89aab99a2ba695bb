import { createHmac, randomUUID } from 'node:crypto';

/**
 * Requests to the app as Slack sends them: slash commands and button clicks form-encoded, events
 * as JSON, each signed `v0=` + HMAC-SHA256(signing secret, `v0:{timestamp}:{raw body}`) in
 * X-Slack-Signature, with X-Slack-Request-Timestamp.
 */

export function slackSignature(signingSecret: string, timestamp: string | number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface Signing {
  /** The secret to sign with; undefined sends no signature headers at all. */
  secret?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Sent instead of the computed signature. */
  signature?: string;
  /** Sets x-slack-retry-num (and a retry reason), as Slack's redeliveries do. */
  retryNum?: number;
}

export interface AppAnswer {
  status: number;
  text: string;
  /** From sending the request to the whole answer read, in ms. */
  elapsedMs: number;
}

export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  signing: Signing,
): Promise<AppAnswer> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (signing.secret !== undefined || signing.signature !== undefined) {
    const timestamp = String(signing.timestamp ?? Math.floor(Date.now() / 1000));
    headers['x-slack-request-timestamp'] = timestamp;
    headers['x-slack-signature'] = signing.signature ?? slackSignature(signing.secret ?? '', timestamp, body);
  }
  if (signing.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(signing.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, text, elapsedMs: performance.now() - started };
}

export interface SlackUser {
  /** U…, or W… on Enterprise Grid. */
  userId: string;
  userName?: string;
  /** The workspace the request comes from; default T1, the stand-in's own. */
  teamId?: string;
  /** The Enterprise Grid organization the request comes from; default none. */
  enterpriseId?: string;
}

/** A slash command's form body, fields in the order Slack sends them. */
export function slashCommandBody(
  text: string,
  user: SlackUser,
  responseUrl: string,
  triggerId: string = randomTriggerId(),
): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: user.teamId ?? 'T1',
    team_domain: 'test',
    ...(user.enterpriseId === undefined ? {} : { enterprise_id: user.enterpriseId, enterprise_name: 'Org' }),
    channel_id: 'C0OPS',
    channel_name: 'ops',
    user_id: user.userId,
    user_name: user.userName ?? user.userId.toLowerCase(),
    command: '/chat',
    text,
    api_app_id: 'A0FLASH',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  }).toString();
}

/**
 * A block_actions payload for one click on a button of the adapter's (which carry no `value`,
 * so none is sent): form field `payload` holding the JSON.
 */
export function blockActionsBody(
  actionId: string,
  user: SlackUser,
  responseUrl: string,
  triggerId: string = randomTriggerId(),
): string {
  const payload = {
    type: 'block_actions',
    user: {
      id: user.userId,
      username: user.userName ?? user.userId.toLowerCase(),
      team_id: user.teamId ?? 'T1',
    },
    api_app_id: 'A0FLASH',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0OPS', is_ephemeral: true },
    trigger_id: triggerId,
    team: { id: user.teamId ?? 'T1', domain: 'test' },
    enterprise: user.enterpriseId === undefined ? null : { id: user.enterpriseId, name: 'Org' },
    channel: { id: 'C0OPS', name: 'ops' },
    response_url: responseUrl,
    actions: [
      {
        action_id: actionId,
        block_id: 'chat_block',
        text: { type: 'plain_text', text: actionId },
        type: 'button',
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Where an event comes from: the workspace (default T1) and its organization. */
export interface EventOrigin {
  teamId?: string;
  enterpriseId?: string;
}

/** An Events API callback around `event`. */
export function eventCallbackBody(event: Record<string, unknown>, origin: EventOrigin = {}): string {
  const teamId = origin.teamId ?? 'T1';
  const enterprise = origin.enterpriseId === undefined ? {} : { enterprise_id: origin.enterpriseId };
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: teamId,
    ...enterprise,
    api_app_id: 'A0FLASH',
    event: { ...event, event_ts: `${Date.now() / 1000}` },
    type: 'event_callback',
    event_id: `Ev${randomUUID().slice(0, 8)}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { team_id: teamId, ...enterprise, user_id: 'UBOT', is_bot: true, is_enterprise_install: false },
    ],
  });
}

export function randomTriggerId(): string {
  return `${Date.now()}.1000.${randomUUID().replaceAll('-', '')}`;
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';
