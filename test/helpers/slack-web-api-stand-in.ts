import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Slack on loopback, for the real Bolt app and Web API client: the Web API
 * (`<url>/api/<method>`, the URL to give as SLACK_API_URL), the upload URLs files.uploadV2 posts
 * to, and response_url endpoints. It records every call and every response, answers each method
 * from a script first (e.g. a 429 with Retry-After, then the default), and otherwise as Slack
 * would for the workspace it holds: user groups and their members.
 */

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  authorization?: string;
  /** What the stand-in answered: 200, or the scripted status. */
  status: number;
  at: number;
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
  /** response_url posts answered with a scripted failure (not in `responses`). */
  failedResponses: Array<{ path: string; status: number; at: number }>;
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
  /** A fresh response_url on the stand-in. */
  responseUrl(): string;
  responsesAt(url: string): SlackMessageBody[];
  /** Resolves once `count` responses have reached `url` (default one), or rejects after `timeoutMs`. */
  waitForResponses(url: string, count?: number, timeoutMs?: number): Promise<SlackMessageBody[]>;
  close(): Promise<void>;
}

export async function startSlackWebApiStandIn(): Promise<SlackWebApiStandIn> {
  const events = new EventEmitter();
  const scripts = new Map<string, ScriptedAnswer[]>();
  const handlers = new Map<string, (params: Record<string, unknown>) => ScriptedAnswer>();
  let nextId = 0;
  let base = '';

  const standIn: SlackWebApiStandIn = {
    apiUrl: '',
    workspace: { teamId: 'T1' },
    calls: [],
    responses: [],
    failedResponses: [],
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
    responseUrl: () => `${base}/response/${++nextId}`,
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
          reject(new Error(`${standIn.responsesAt(url).length} of ${count} responses reached ${url}`));
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

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const bytes = await readBody(request);
    const raw = bytes.toString('utf8');
    const path = new URL(request.url ?? '/', base).pathname;
    if (path.startsWith('/api/')) {
      const method = path.slice('/api/'.length);
      const params = parseParams(raw, request.headers['content-type']);
      const answer = scripts.get(method)?.shift() ??
        (handlers.get(method) ?? defaults[method])?.(params) ?? {
          body: { ok: false, error: 'unknown_method' },
        };
      const status = answer.status ?? 200;
      standIn.calls.push({
        method,
        params,
        authorization: request.headers.authorization,
        status,
        at: Date.now(),
      });
      response.writeHead(status, { 'content-type': 'application/json', ...answer.headers });
      response.end(JSON.stringify(answer.body ?? { ok: status === 200 }));
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
      // script(RESPONSE_URL_SCRIPT, …) makes the next posts to any response_url fail as scripted.
      const scripted = scripts.get(RESPONSE_URL_SCRIPT)?.shift();
      if (scripted !== undefined && (scripted.status ?? 200) !== 200) {
        standIn.failedResponses.push({ path, status: scripted.status ?? 200, at: Date.now() });
        response.writeHead(scripted.status ?? 200, scripted.headers).end('failed');
        return;
      }
      standIn.responses.push({ path, body: JSON.parse(raw) as SlackMessageBody, at: Date.now() });
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
