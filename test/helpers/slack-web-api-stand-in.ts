import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BlockKitRefusal, blockKitRefusal } from './slack-block-limits.ts';

/**
 * A stand-in for Slack on loopback, for the real Bolt app and Web API client: the Web API
 * (`<url>/api/<method>`, the URL to give as SLACK_API_URL), the upload URLs files.uploadV2 posts
 * to, and response_url endpoints. It records every call and every response, answers each method
 * from a script first (e.g. a 429 with Retry-After, then the default), and otherwise as Slack
 * would for the workspace it holds: user groups and their members.
 *
 * It refuses what Slack refuses, each rule from Slack's documentation:
 * - every Web API method checks the token (Authorization: Bearer, or a `token` param): none is
 *   `not_authed`, any other than the bot's (the app-level token's, for apps.connections.open)
 *   `invalid_auth`, answered as Slack answers errors, HTTP 200 with `{ ok: false, error }`
 *   (the errors table of every method's page, docs.slack.dev/reference/methods/<method>:
 *   "not_authed: No authentication token provided", "invalid_auth: Some aspect of
 *   authentication cannot be validated"; "Slack's Web API doesn't use meaningful status codes
 *   besides 429 and 200", as @slack/web-api's WebClient puts it);
 * - rateLimit(method) makes the next calls answer HTTP 429 with a Retry-After header (seconds)
 *   and `{ ok: false, error: 'ratelimited' }` (docs.slack.dev/apis/web-api/rate-limits);
 * - chat.postMessage, chat.update and response_url posts are checked against Block Kit's
 *   documented limits (slack-block-limits.ts): the Web API answers `invalid_blocks` (or
 *   no_text, msg_too_long, invalid_blocks_format, msg_blocks_too_long); a response_url, like an
 *   incoming webhook, answers HTTP 400 with the error as its body (docs.slack.dev/messaging/
 *   sending-messages-using-incoming-webhooks, "Handling errors");
 * - a response_url takes at most 5 posts, within 30 minutes of the command or click that carried
 *   it ("you can respond to a user's command up to 5 times within 30 minutes of the user's
 *   invocation": Slack's slash command docs, "Delayed responses and multiple responses",
 *   api.slack.com/interactivity/slash-commands, as quoted in xpeppers/trackerbot#31; the same
 *   for interactions, docs.slack.dev/interactivity/handling-user-interaction). What Slack
 *   answers then is not documented: the stand-in answers HTTP 404 (a webhook URL that is gone)
 *   with `used_url` (6th post) or `expired_url` (after 30 minutes) as its body, names of its
 *   own; the adapter reads only the status (404: gone, not tried again).
 * Every refusal is kept in `refusals`, so that a test waiting for an answer that was refused says
 * why.
 */

/** The bot token the stand-in accepts unless told otherwise (the test apps' own). */
export const BOT_TOKEN = 'xoxb-1234567890-0987654321-TestBotTokenNeverLogged';
/** The app-level token apps.connections.open accepts unless told otherwise (Socket Mode). */
export const APP_TOKEN = 'xapp-1-A0FLASH-1234567890-TestAppTokenNeverLogged';

/** Posts one response_url takes (implementing-slash-commands: "up to 5 times"). */
export const RESPONSE_URL_MAX_POSTS = 5;
/** How long a response_url lives after the invocation that carried it. */
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

/** The only method that takes the app-level token (xapp-) instead of the bot token. */
const APP_TOKEN_METHODS: ReadonlySet<string> = new Set(['apps.connections.open']);
/** The methods that post a message, so whose text and blocks are checked. */
const MESSAGE_METHODS: ReadonlySet<string> = new Set([
  'chat.postMessage',
  'chat.update',
  'chat.postEphemeral',
]);

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  authorization?: string;
  /** What the stand-in answered: 200, or the scripted status. */
  status: number;
  /** Slack's error code, when the answer was a refusal (`ok: false`). */
  error?: string;
  at: number;
}

/** Something the stand-in refused as Slack would, and why. */
export interface StandInRefusal {
  /** The Web API method, or the response_url's path. */
  where: string;
  status: number;
  error: string;
  /** For a message refused: what is wrong in it, each with its JSON pointer. */
  problems: string[];
  at: number;
}

export interface SlackWebApiStandInOptions {
  /** The bot token every method but apps.connections.open accepts; default BOT_TOKEN. */
  botToken?: string;
  /** The app-level token apps.connections.open accepts; default APP_TOKEN. */
  appToken?: string;
  /** The clock response_url lifetimes are measured on; default Date.now. */
  now?: () => number;
}

export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** The JSON answered; default `{ ok: true }`. */
  body?: Record<string, unknown>;
}

/** The name to script response_url posts with, as a Web API method is scripted. */
export const RESPONSE_URL_SCRIPT = 'response_url';

export interface RecordedResponse {
  path: string;
  body: SlackMessageBody;
  at: number;
}

/** What the app posts to a response_url or with chat.postMessage, as far as tests look. */
export interface SlackMessageBody {
  response_type?: string;
  replace_original?: boolean;
  delete_original?: boolean;
  text?: string;
  blocks?: unknown[];
  channel?: string;
}

export interface StandInUpload {
  fileId: string;
  body: string;
  bytes: Buffer;
  contentType: string | undefined;
}

/** An upload's file: the multipart form's file part (its name and bytes), or the whole body when not a form. */
export async function uploadedFile(upload: StandInUpload): Promise<{ name: string; bytes: Buffer }> {
  if (upload.contentType?.startsWith('multipart/form-data')) {
    const form = await new Request('http://stand-in/', {
      method: 'POST',
      headers: { 'content-type': upload.contentType },
      body: upload.bytes,
    }).formData();
    for (const [, entry] of form.entries()) {
      if (typeof entry !== 'string')
        return { name: entry.name, bytes: Buffer.from(await entry.arrayBuffer()) };
    }
  }
  return { name: '', bytes: upload.bytes };
}

export interface StandInUsergroup {
  id: string;
  handle: string;
  users: string[];
}

/** The workspace the bot token belongs to, as auth.test answers it. */
export interface StandInWorkspace {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
}

export interface SlackWebApiStandIn {
  /** The Web API base, for SLACK_API_URL / clientOptions.slackApiUrl. */
  apiUrl: string;
  /** What auth.test says the bot belongs to; default team T1, no organization. */
  workspace: StandInWorkspace;
  calls: RecordedCall[];
  responses: RecordedResponse[];
  /** response_url posts answered with a failure, scripted or a refusal (not in `responses`). */
  failedResponses: Array<{ path: string; status: number; error?: string; at: number }>;
  /** Everything refused by a rule of Slack's (token, rate limit, Block Kit, response_url use). */
  refusals: StandInRefusal[];
  /**
   * What reached the upload URLs files.getUploadURLExternal handed out (the second step of
   * files.uploadV2): the body as text, and as bytes with its content type (the Web API client
   * posts a multipart form whose file part is the file; see uploadedFile).
   */
  uploads: StandInUpload[];
  /** The workspace's user groups, as usergroups.list and usergroups.users.list answer them. */
  usergroups: StandInUsergroup[];
  callsTo(method: string): RecordedCall[];
  /** Answers for the next calls of `method`, in order, before the default answer. */
  script(method: string, ...answers: ScriptedAnswer[]): void;
  /** Replaces the default answer of `method`; undefined restores it. */
  answer(method: string, handler: ((params: Record<string, unknown>) => ScriptedAnswer) | undefined): void;
  /**
   * Slack rate-limits the next `times` calls of `method` (default 1): HTTP 429, Retry-After
   * `retryAfterSeconds` (default 1), `{ ok: false, error: 'ratelimited' }`. Checked after the
   * token, before any script.
   */
  rateLimit(method: string, options?: { retryAfterSeconds?: number; times?: number }): void;
  /** A fresh response_url on the stand-in; its 30 minutes start now (the invocation). */
  responseUrl(): string;
  responsesAt(url: string): SlackMessageBody[];
  /** Resolves once `count` responses have reached `url` (default one), or rejects after `timeoutMs`. */
  waitForResponses(url: string, count?: number, timeoutMs?: number): Promise<SlackMessageBody[]>;
  close(): Promise<void>;
}

export async function startSlackWebApiStandIn(
  options: SlackWebApiStandInOptions = {},
): Promise<SlackWebApiStandIn> {
  const botToken = options.botToken ?? BOT_TOKEN;
  const appToken = options.appToken ?? APP_TOKEN;
  const now = options.now ?? Date.now;
  const events = new EventEmitter();
  const scripts = new Map<string, ScriptedAnswer[]>();
  const handlers = new Map<string, (params: Record<string, unknown>) => ScriptedAnswer>();
  const rateLimits = new Map<string, { retryAfterSeconds: number; times: number }>();
  /** Each response_url's invocation time and the posts it has taken. */
  const responseUrls = new Map<string, { issuedAt: number; posts: number }>();
  let nextId = 0;
  let base = '';

  const standIn: SlackWebApiStandIn = {
    apiUrl: '',
    workspace: { teamId: 'T1' },
    calls: [],
    responses: [],
    failedResponses: [],
    refusals: [],
    uploads: [],
    usergroups: [],
    callsTo: (method) => standIn.calls.filter((call) => call.method === method),
    script(method, ...answers) {
      scripts.set(method, [...(scripts.get(method) ?? []), ...answers]);
    },
    answer(method, handler) {
      if (handler) handlers.set(method, handler);
      else handlers.delete(method);
    },
    rateLimit(method, { retryAfterSeconds = 1, times = 1 } = {}) {
      rateLimits.set(method, { retryAfterSeconds, times });
    },
    responseUrl() {
      const path = `/response/${++nextId}`;
      responseUrls.set(path, { issuedAt: now(), posts: 0 });
      return `${base}${path}`;
    },
    responsesAt: (url) =>
      standIn.responses.filter((response) => response.path === new URL(url).pathname).map((r) => r.body),
    waitForResponses(url, count = 1, timeoutMs = 8_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const bodies = standIn.responsesAt(url);
          if (bodies.length < count) return false;
          clearTimeout(timer);
          events.off('response', check);
          resolve(bodies);
          return true;
        };
        const timer = setTimeout(() => {
          events.off('response', check);
          const path = new URL(url).pathname;
          const refused = standIn.refusals.filter((refusal) => refusal.where === path);
          const why = refused.map((refusal) => ` (refused: ${refusal.error} ${refusal.problems.join('; ')})`);
          reject(
            new Error(
              `${standIn.responsesAt(url).length} of ${count} responses reached ${url}${why.join('')}`,
            ),
          );
        }, timeoutMs);
        if (!check()) events.on('response', check);
      });
    },
    close: async () => {},
  };

  const defaults: Record<string, (params: Record<string, unknown>) => ScriptedAnswer> = {
    'auth.test': () => ({
      body: {
        ok: true,
        user_id: 'UBOT',
        bot_id: 'BBOT',
        team_id: standIn.workspace.teamId ?? '',
        team: 'Test',
        ...(standIn.workspace.enterpriseId === undefined
          ? {}
          : { enterprise_id: standIn.workspace.enterpriseId }),
        is_enterprise_install: standIn.workspace.isEnterpriseInstall ?? false,
      },
    }),
    'chat.postMessage': (params) => ({
      body: { ok: true, channel: params.channel, ts: `${Math.floor(Date.now() / 1000)}.000100` },
    }),
    'chat.update': (params) => ({ body: { ok: true, channel: params.channel, ts: params.ts } }),
    'usergroups.list': (params) => ({
      body: {
        ok: true,
        // Disabled groups are not modelled: the adapter must ask without them.
        usergroups:
          params.include_disabled === 'false' || params.include_disabled === false
            ? standIn.usergroups.map(({ id, handle }) => ({ id, handle, name: handle }))
            : [{ id: 'SDISABLED', handle: 'asked-with-disabled-groups', name: 'wrong' }],
      },
    }),
    'usergroups.users.list': (params) => {
      const group = standIn.usergroups.find((candidate) => candidate.id === params.usergroup);
      return { body: group ? { ok: true, users: group.users } : { ok: false, error: 'no_such_subteam' } };
    },
    'conversations.open': (params) => ({ body: { ok: true, channel: { id: `D${String(params.users)}` } } }),
    'files.getUploadURLExternal': () => {
      const fileId = `F${++nextId}`;
      return { body: { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId } };
    },
    'files.completeUploadExternal': (params) => ({
      body: { ok: true, files: JSON.parse(String(params.files)) as unknown[] },
    }),
  };

  const server: Server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });

  /** Slack's refusals of a Web API call, in the order it checks: token, rate limit, the message. */
  function refusal(method: string, params: Record<string, unknown>, authorization: string | undefined) {
    const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const token =
      bearer ?? (typeof params.token === 'string' && params.token !== '' ? params.token : undefined);
    const expected = APP_TOKEN_METHODS.has(method) ? appToken : botToken;
    if (token === undefined) return refused(200, 'not_authed');
    if (token !== expected) return refused(200, 'invalid_auth');
    const limit = rateLimits.get(method);
    if (limit && limit.times > 0) {
      limit.times -= 1;
      return {
        ...refused(429, 'ratelimited'),
        headers: { 'retry-after': String(limit.retryAfterSeconds) },
      };
    }
    if (MESSAGE_METHODS.has(method)) {
      const refusedMessage = blockKitRefusal(params);
      if (refusedMessage) return refused(200, refusedMessage.error, refusedMessage);
    }
    return undefined;
  }

  function refused(status: number, error: string, message?: BlockKitRefusal) {
    return {
      status,
      error,
      problems: message?.problems ?? [],
      // Slack lists what is wrong (`errors`) with invalid_blocks only.
      body: {
        ok: false,
        error,
        ...(message?.error === 'invalid_blocks' ? { errors: message.problems } : {}),
      },
    };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const bytes = await readBody(request);
    const raw = bytes.toString('utf8');
    const path = new URL(request.url ?? '/', base).pathname;
    if (path.startsWith('/api/')) {
      const method = path.slice('/api/'.length);
      const params = parseParams(raw, request.headers['content-type']);
      const authorization = request.headers.authorization;
      const refusedCall = refusal(method, params, authorization);
      if (refusedCall) {
        standIn.refusals.push({
          where: method,
          status: refusedCall.status,
          error: refusedCall.error,
          problems: refusedCall.problems,
          at: Date.now(),
        });
      }
      const answer: ScriptedAnswer = refusedCall ??
        scripts.get(method)?.shift() ??
        (handlers.get(method) ?? defaults[method])?.(params) ?? {
          body: { ok: false, error: 'unknown_method' },
        };
      const status = answer.status ?? 200;
      const body = answer.body ?? { ok: status === 200 };
      standIn.calls.push({
        method,
        params,
        authorization,
        status,
        ...(body.ok === false && typeof body.error === 'string' ? { error: body.error } : {}),
        at: Date.now(),
      });
      response.writeHead(status, { 'content-type': 'application/json', ...answer.headers });
      response.end(JSON.stringify(body));
      return;
    }
    if (path.startsWith('/upload/')) {
      standIn.uploads.push({
        fileId: path.slice('/upload/'.length),
        body: raw,
        bytes,
        contentType: request.headers['content-type'],
      });
      response.writeHead(200).end('OK');
      return;
    }
    if (path.startsWith('/response/')) {
      const refuse = (status: number, error: string, problems: string[] = []) => {
        standIn.failedResponses.push({ path, status, error, at: Date.now() });
        standIn.refusals.push({ where: path, status, error, problems, at: Date.now() });
        response.writeHead(status, { 'content-type': 'text/plain' }).end(error);
      };
      // A URL not handed out here (a test's own, e.g. another process's) lives from its first post.
      const use = responseUrls.get(path) ?? { issuedAt: now(), posts: 0 };
      responseUrls.set(path, use);
      if (now() - use.issuedAt > RESPONSE_URL_LIFETIME_MS) return refuse(404, 'expired_url');
      if (use.posts >= RESPONSE_URL_MAX_POSTS) return refuse(404, 'used_url');
      let body: SlackMessageBody;
      try {
        body = JSON.parse(raw) as SlackMessageBody;
      } catch {
        return refuse(400, 'invalid_payload');
      }
      const refusedMessage = blockKitRefusal(body);
      if (refusedMessage) return refuse(400, refusedMessage.error, refusedMessage.problems);
      // script(RESPONSE_URL_SCRIPT, …) makes the next posts to any response_url fail as scripted.
      const scripted = scripts.get(RESPONSE_URL_SCRIPT)?.shift();
      if (scripted !== undefined && (scripted.status ?? 200) !== 200) {
        standIn.failedResponses.push({ path, status: scripted.status ?? 200, at: Date.now() });
        response.writeHead(scripted.status ?? 200, scripted.headers).end('failed');
        return;
      }
      use.posts += 1;
      standIn.responses.push({ path, body, at: Date.now() });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      events.emit('response');
      return;
    }
    response.writeHead(404).end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  standIn.apiUrl = `${base}/api/`;
  standIn.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return standIn;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The Web API client sends form fields (objects JSON-encoded) or JSON. */
function parseParams(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}
