import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  channelPayload,
  guildPayload,
  memberPayload,
  messagePayload,
  type StandInGuild,
  type StandInMember,
  type StoredMessage,
  snowflake,
  userPayload,
} from './discord-payloads.ts';

/**
 * Discord on loopback, for the real discord.js Client: the REST API under `/api/v10` (gateway
 * discovery, interaction callbacks and webhooks, channel messages, application commands) and the
 * gateway (HELLO, heartbeat ACK, IDENTIFY -> READY + GUILD_CREATE, RESUME -> RESUMED), in JSON
 * text frames: discord.js only compresses with zlib-sync, which is not installed. Every request
 * and every frame is recorded; interactions are injected as INTERACTION_CREATE dispatches.
 */

export interface RecordedRequest {
  method: string;
  /** The path after `/api/v10`, e.g. `/interactions/1/abc/callback`. */
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  /** The JSON body, or a multipart request's `payload_json`. */
  body: unknown;
  /** Multipart file parts: the content as text, and as bytes (a PNG is not text). */
  files: Array<{ field: string; name: string; content: string; bytes: Buffer }>;
}

export interface InteractionHandle {
  id: string;
  token: string;
}

export interface DiscordStandInOptions {
  /** The only token REST and the gateway accept. */
  token: string;
  applicationId?: string;
  guilds: readonly StandInGuild[];
}

type OptionValue = string | number | boolean;

export interface ChatInputSpec {
  /** Who runs it: a member of `guildId` (default: the first guild), or a user in a DM with `dm`. */
  by: StandInMember;
  guildId?: string;
  channelId?: string;
  dm?: boolean;
  /** `['room', 'add']` for `/chat room add`. */
  path: readonly string[];
  options?: Readonly<Record<string, OptionValue>>;
  commandName?: string;
}

export interface AutocompleteSpec extends ChatInputSpec {
  /** The option being typed; its value in `options` is the text typed so far (default ''). */
  focused: string;
}

export interface ClickSpec {
  by: StandInMember;
  /** The message the button is on. */
  message: StoredMessage;
  customId: string;
  guildId?: string;
  dm?: boolean;
}

interface InteractionRecord {
  handle: InteractionHandle;
  kind: 'command' | 'autocomplete' | 'component';
  channelId: string;
  guildId?: string;
  acknowledged: boolean;
  /** The message `@original` names: the response, or the message a component is on. */
  originalId?: string;
  autocompleteChoices?: unknown;
}

interface Answer {
  status: number;
  body?: unknown;
}

interface Route {
  method: string;
  path: RegExp;
  /** Whether the route takes the bot token. */
  bot: boolean;
  answer(parts: string[], request: RecordedRequest): Answer;
}

interface GatewaySession {
  id: string;
  sequence: number;
  socket: WebSocket | undefined;
}

const API_PREFIX = /^\/api\/v10(?=\/)/;
const LOADING = 128;
const HEARTBEAT_INTERVAL_MS = 41_250;

export class DiscordStandIn {
  readonly applicationId: string;
  readonly guilds: readonly StandInGuild[];
  readonly bot: StandInMember;
  /** Every REST request, in order of arrival. */
  readonly requests: RecordedRequest[] = [];
  /** REST requests no route answered (a 404). */
  readonly unhandled: RecordedRequest[] = [];
  /** Every gateway frame the client sent (IDENTIFY and RESUME carry the token, as they must). */
  readonly framesReceived: Array<{ op: number; d: unknown }> = [];
  readonly framesSent: unknown[] = [];
  /** The query strings gateway connections were opened with (`v`, `encoding`, `compress`). */
  readonly gatewayQueries: Array<Record<string, string>> = [];
  /** Registered commands by scope: `global` or a guild id. */
  readonly commands = new Map<string, unknown[]>();
  readonly messages = new Map<string, StoredMessage>();
  identifies = 0;
  resumes = 0;

  readonly #token: string;
  readonly #server: Server;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #interactions = new Map<string, InteractionRecord>();
  /** The same records by token: webhook requests name the token, and a bench run makes thousands. */
  readonly #interactionsByToken = new Map<string, InteractionRecord>();
  readonly #sessions = new Map<string, GatewaySession>();
  #port = 0;

  constructor(options: DiscordStandInOptions) {
    this.#token = options.token;
    this.applicationId = options.applicationId ?? '900000000000000001';
    this.guilds = options.guilds;
    this.bot = { id: this.applicationId, username: 'flashchat-ops', roles: [] };
    this.#server = createServer((request, response) => {
      this.#serve(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    this.#server.on('upgrade', (request, socket, head) => this.#upgrade(request, socket, head));
    this.#wss.on('connection', (socket, request) => this.#connected(socket, request));
  }

  /** The REST base for `rest: { api }` and DISCORD_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}/gateway`;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    this.#port = address.port;
    return this;
  }

  /** Ends the kept-alive REST connections no request is using, as a server's keep-alive timeout does. */
  closeIdleConnections(): void {
    this.#server.closeIdleConnections();
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // --- Interactions -------------------------------------------------------------------------

  chatInput(spec: ChatInputSpec): InteractionHandle {
    return this.#inject(spec, 'command', {
      type: 2,
      data: this.#commandData(spec, undefined),
    });
  }

  autocomplete(spec: AutocompleteSpec): InteractionHandle {
    return this.#inject(spec, 'autocomplete', {
      type: 4,
      data: this.#commandData(spec, spec.focused),
    });
  }

  click(spec: ClickSpec): InteractionHandle {
    return this.#inject({ ...spec, channelId: spec.message.channel_id }, 'component', {
      type: 3,
      data: { custom_id: spec.customId, component_type: 2 },
      message: spec.message,
    });
  }

  /** Every REST request made with this interaction's token (callback and webhooks). */
  requestsFor(handle: InteractionHandle): RecordedRequest[] {
    return this.requests.filter((request) => request.path.includes(`/${handle.token}`));
  }

  /** The message `@original` currently names for this interaction. */
  originalOf(handle: InteractionHandle): StoredMessage | undefined {
    const id = this.#interactions.get(handle.id)?.originalId;
    return id === undefined ? undefined : this.messages.get(id);
  }

  /** Resolves once `probe` returns something, checking as requests arrive; rejects after `timeoutMs`. */
  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined && found !== false) return found;
      if (Date.now() > deadline) throw new Error('the Discord stand-in waited in vain');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Waits for a request with this interaction's token that matches, and returns it. */
  waitForRequest(
    handle: InteractionHandle,
    match: (request: RecordedRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedRequest> {
    return this.waitFor(() => this.requestsFor(handle).find(match), timeoutMs);
  }

  /** Closes every gateway connection as a network failure would; discord.js resumes. */
  dropGatewayConnections(code = 4000): void {
    for (const session of this.#sessions.values()) {
      session.socket?.close(code, 'stand-in dropped the connection');
      session.socket = undefined;
    }
  }

  dispatch(event: string, data: unknown): void {
    for (const session of this.#sessions.values()) this.#send(session, { op: 0, t: event, d: data });
  }

  get gatewayConnected(): boolean {
    return [...this.#sessions.values()].some((session) => session.socket !== undefined);
  }

  #inject(
    spec: { by: StandInMember; guildId?: string; channelId?: string; dm?: boolean },
    kind: InteractionRecord['kind'],
    fields: Record<string, unknown>,
  ): InteractionHandle {
    const handle = { id: snowflake(), token: `aW50ZXJhY3Rpb246${randomBytes(24).toString('base64url')}` };
    const guild = spec.dm ? undefined : this.#guild(spec.guildId);
    const channelId = spec.channelId ?? (spec.dm ? `dm-${spec.by.id}` : (guild?.channels[0]?.id ?? '1'));
    const record: InteractionRecord = { handle, kind, channelId, guildId: guild?.id, acknowledged: false };
    if (kind === 'component') {
      const message = fields.message as StoredMessage | undefined;
      record.originalId = message?.id;
    }
    this.#interactions.set(handle.id, record);
    this.#interactionsByToken.set(handle.token, record);
    const where =
      guild === undefined
        ? {
            user: userPayload(spec.by),
            channel: {
              id: channelId,
              type: 1,
              flags: 0,
              last_message_id: null,
              recipients: [userPayload(spec.by)],
            },
            context: 1,
          }
        : {
            guild_id: guild.id,
            guild: { id: guild.id, locale: 'en-US', features: [] },
            guild_locale: 'en-US',
            member: { ...memberPayload(spec.by), permissions: '2248473465835073' },
            channel: channelPayload(
              guild.channels.find((channel) => channel.id === channelId) ?? {
                id: channelId,
                name: 'unknown',
              },
              guild.id,
            ),
            context: 0,
          };
    this.dispatch('INTERACTION_CREATE', {
      id: handle.id,
      application_id: this.applicationId,
      token: handle.token,
      version: 1,
      channel_id: channelId,
      app_permissions: '2248473465835073',
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: guild === undefined ? { '1': spec.by.id } : { '0': guild.id },
      attachment_size_limit: 10_485_760,
      ...where,
      ...fields,
    });
    return handle;
  }

  #commandData(spec: ChatInputSpec, focused: string | undefined) {
    const leaves = Object.entries(spec.options ?? {}).map(([name, value]) => ({
      name,
      type:
        typeof value === 'boolean' ? 5 : typeof value === 'number' ? (Number.isInteger(value) ? 4 : 10) : 3,
      value: name === focused ? String(value) : value,
      ...(name === focused ? { focused: true, type: 3 } : {}),
    }));
    if (focused !== undefined && !leaves.some((leaf) => leaf.name === focused))
      leaves.push({ name: focused, type: 3, value: '', focused: true });
    const [first, second] = spec.path;
    const options =
      first === undefined
        ? leaves
        : second === undefined
          ? [{ type: 1, name: first, options: leaves }]
          : [{ type: 2, name: first, options: [{ type: 1, name: second, options: leaves }] }];
    const guild = spec.dm ? undefined : this.#guild(spec.guildId);
    return {
      id: '800000000000000001',
      name: spec.commandName ?? 'chat',
      type: 1,
      options,
      ...(guild === undefined ? {} : { guild_id: guild.id }),
    };
  }

  #guild(guildId: string | undefined): StandInGuild {
    const guild =
      guildId === undefined ? this.guilds[0] : this.guilds.find((candidate) => candidate.id === guildId);
    if (guild === undefined) throw new Error(`the stand-in has no guild ${guildId}`);
    return guild;
  }

  // --- REST ---------------------------------------------------------------------------------

  async #serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const contentType = request.headers['content-type'] ?? '';
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: decodeURIComponent(url.pathname).replace(API_PREFIX, ''),
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization,
      body: undefined,
      files: [],
    };
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Request('http://stand-in/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: raw,
      }).formData();
      for (const [field, entry] of form.entries()) {
        if (typeof entry === 'string') {
          if (field === 'payload_json') recorded.body = JSON.parse(entry);
        } else {
          const bytes = Buffer.from(await entry.arrayBuffer());
          recorded.files.push({ field, name: entry.name, content: bytes.toString('utf8'), bytes });
        }
      }
    } else if (raw.length > 0) recorded.body = JSON.parse(raw.toString('utf8'));
    this.requests.push(recorded);

    const reply = (status: number, body?: unknown) => {
      if (body === undefined) response.writeHead(status).end();
      else response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const answer = this.#route(recorded);
    if (answer.status === 404 && answer.body === NOT_FOUND) this.unhandled.push(recorded);
    reply(answer.status, answer.body);
  }

  #route(request: RecordedRequest): Answer {
    for (const route of this.#routes) {
      if (route.method !== request.method) continue;
      const match = route.path.exec(request.path);
      if (match === null) continue;
      if (route.bot && request.authorization !== `Bot ${this.#token}`)
        return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
      return route.answer(
        match.slice(1).map((part) => part ?? ''),
        request,
      );
    }
    return { status: 404, body: NOT_FOUND };
  }

  /** Bot routes take `Authorization: Bot <token>`; interaction callbacks and webhooks take none. */
  readonly #routes: readonly Route[] = [
    {
      method: 'GET',
      path: /^\/gateway\/bot$/,
      bot: true,
      answer: () => ({
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      }),
    },
    {
      method: 'POST',
      path: /^\/interactions\/([^/]+)\/([^/]+)\/callback$/,
      bot: false,
      answer: ([id, token], request) => this.#callback(id ?? '', token ?? '', request.body, request.files),
    },
    ...(['GET', 'PATCH', 'DELETE'] as const).map((method) => ({
      method,
      path: /^\/webhooks\/[^/]+\/([^/]+)\/messages\/([^/]+)$/,
      bot: false,
      answer: ([token, messageId]: string[], request: RecordedRequest) =>
        this.#webhookMessage(method, token ?? '', messageId ?? '', request),
    })),
    {
      method: 'POST',
      path: /^\/webhooks\/[^/]+\/([^/]+)$/,
      bot: false,
      answer: ([token], request) => this.#followUp(token ?? '', request),
    },
    {
      method: 'GET',
      path: /^\/channels\/([^/]+)$/,
      bot: true,
      answer: ([channelId]) => {
        const found = this.#channel(channelId ?? '');
        return found ? { status: 200, body: found } : UNKNOWN_CHANNEL;
      },
    },
    {
      method: 'POST',
      path: /^\/channels\/([^/]+)\/messages$/,
      bot: true,
      answer: ([channelId], request) => {
        const channel = this.#channel(channelId ?? '');
        if (!channel) return UNKNOWN_CHANNEL;
        const author = userPayload(this.bot, true);
        const message = messagePayload({ channel_id: channel.id, guild_id: channel.guild_id, author });
        return { status: 200, body: this.#store(message, request) };
      },
    },
    ...(['GET', 'PUT'] as const).map((method) => ({
      method,
      path: /^\/applications\/([^/]+)(?:\/guilds\/([^/]+))?\/commands$/,
      bot: true,
      answer: ([applicationId, guildId]: string[], request: RecordedRequest) =>
        this.#commands(method, applicationId ?? '', guildId || 'global', request.body),
    })),
  ];

  #commands(method: 'GET' | 'PUT', applicationId: string, scope: string, body: unknown): Answer {
    if (applicationId !== this.applicationId)
      return { status: 403, body: { message: 'Missing Access', code: 50001 } };
    if (method === 'GET') return { status: 200, body: this.commands.get(scope) ?? [] };
    const commands = (Array.isArray(body) ? body : []).map((command: object) => ({
      id: snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      default_member_permissions: null,
      nsfw: false,
      description_localizations: null,
      name_localizations: null,
      ...(scope === 'global' ? {} : { guild_id: scope }),
      ...command,
    }));
    this.commands.set(scope, commands);
    return { status: 200, body: commands };
  }

  #callback(id: string, token: string, body: unknown, files: RecordedRequest['files']): Answer {
    const record = this.#interactions.get(id);
    if (record === undefined || record.handle.token !== token)
      return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    if (record.acknowledged)
      return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    record.acknowledged = true;
    const callback = (body ?? {}) as { type?: number; data?: Record<string, unknown> };
    const data = callback.data ?? {};
    const flags = typeof data.flags === 'number' ? data.flags : 0;
    const author = userPayload(this.bot, true);
    switch (callback.type) {
      case 4:
      case 5: {
        const message = this.#store(
          messagePayload({
            channel_id: record.channelId,
            guild_id: record.guildId,
            author,
            type: record.kind === 'command' ? 20 : 19,
            webhook_id: this.applicationId,
            application_id: this.applicationId,
            flags: callback.type === 5 ? flags | LOADING : flags,
          }),
          { body: callback.type === 4 ? data : {}, files },
        );
        record.originalId = message.id;
        break;
      }
      case 7: {
        const message = record.originalId === undefined ? undefined : this.messages.get(record.originalId);
        if (message) this.#store(message, { body: data, files });
        break;
      }
      case 8:
        record.autocompleteChoices = data.choices;
        break;
    }
    return { status: 204 };
  }

  #webhookMessage(method: string, token: string, messageId: string, request: RecordedRequest): Answer {
    const record = this.#byToken(token);
    if (record === undefined) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    if (!record.acknowledged) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    const id = messageId === '@original' ? record.originalId : messageId;
    const message = id === undefined ? undefined : this.messages.get(id);
    if (message === undefined) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    if (method === 'DELETE') {
      this.messages.delete(message.id);
      return { status: 204 };
    }
    if (method === 'PATCH') {
      message.flags &= ~LOADING;
      message.edited_timestamp = new Date().toISOString();
      return { status: 200, body: this.#store(message, request) };
    }
    if (method === 'GET') return { status: 200, body: message };
    return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
  }

  #followUp(token: string, request: RecordedRequest): Answer {
    const record = this.#byToken(token);
    if (record === undefined) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    if (!record.acknowledged) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    const body = (request.body ?? {}) as { flags?: number };
    const message = this.#store(
      messagePayload({
        channel_id: record.channelId,
        guild_id: record.guildId,
        author: userPayload(this.bot, true),
        webhook_id: this.applicationId,
        application_id: this.applicationId,
        flags: body.flags ?? 0,
      }),
      request,
    );
    return { status: 200, body: message };
  }

  /** Applies a message body (and files) to a stored message: what Discord keeps of it. */
  #store(message: StoredMessage, request: Pick<RecordedRequest, 'body' | 'files'>): StoredMessage {
    const body = (request.body ?? {}) as Partial<Pick<StoredMessage, 'content' | 'embeds' | 'components'>>;
    if (typeof body.content === 'string') message.content = body.content;
    if (Array.isArray(body.embeds)) message.embeds = body.embeds;
    if (Array.isArray(body.components)) message.components = body.components;
    if (request.files.length > 0)
      message.attachments = request.files.map((file) => ({
        id: snowflake(),
        filename: file.name,
        size: Buffer.byteLength(file.content),
        url: `${this.apiUrl}/attachments/${file.name}`,
        proxy_url: `${this.apiUrl}/attachments/${file.name}`,
      }));
    this.messages.set(message.id, message);
    return message;
  }

  #byToken(token: string): InteractionRecord | undefined {
    return this.#interactionsByToken.get(token);
  }

  #channel(channelId: string) {
    for (const guild of this.guilds) {
      const index = guild.channels.findIndex((channel) => channel.id === channelId);
      const channel = guild.channels[index];
      if (channel) return channelPayload(channel, guild.id, index);
    }
    return undefined;
  }

  // --- Gateway ------------------------------------------------------------------------------

  #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!(request.url ?? '').startsWith('/gateway')) {
      socket.destroy();
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (client) => this.#wss.emit('connection', client, request));
  }

  #connected(socket: WebSocket, request: IncomingMessage): void {
    this.gatewayQueries.push(Object.fromEntries(new URL(request.url ?? '/', 'http://stand-in').searchParams));
    this.#sendRaw(socket, { op: 10, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS } });
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { op: number; d: unknown };
      this.framesReceived.push(frame);
      switch (frame.op) {
        case 1:
          this.#sendRaw(socket, { op: 11 });
          break;
        case 2:
          this.#identify(socket, frame.d as { token?: string });
          break;
        case 6:
          this.#resume(socket, frame.d as { token?: string; session_id?: string });
          break;
      }
    });
  }

  #identify(socket: WebSocket, data: { token?: string }): void {
    if (data.token !== this.#token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    this.identifies += 1;
    const session: GatewaySession = { id: randomBytes(16).toString('hex'), sequence: 0, socket };
    this.#sessions.set(session.id, session);
    socket.on('close', () => {
      if (session.socket === socket) session.socket = undefined;
    });
    this.#send(session, {
      op: 0,
      t: 'READY',
      d: {
        v: 10,
        user: { ...userPayload(this.bot, true), verified: true, mfa_enabled: false, flags: 0 },
        guilds: this.guilds.map((guild) => ({ id: guild.id, unavailable: true })),
        session_id: session.id,
        resume_gateway_url: this.gatewayUrl,
        shard: [0, 1],
        application: { id: this.applicationId, flags: 0 },
      },
    });
    for (const guild of this.guilds)
      this.#send(session, { op: 0, t: 'GUILD_CREATE', d: guildPayload(guild, this.bot) });
  }

  #resume(socket: WebSocket, data: { token?: string; session_id?: string }): void {
    const session = data.session_id === undefined ? undefined : this.#sessions.get(data.session_id);
    if (data.token !== this.#token || session === undefined) {
      this.#sendRaw(socket, { op: 9, d: false });
      return;
    }
    this.resumes += 1;
    session.socket = socket;
    socket.on('close', () => {
      if (session.socket === socket) session.socket = undefined;
    });
    this.#send(session, { op: 0, t: 'RESUMED', d: {} });
  }

  #send(session: GatewaySession, frame: { op: number; t: string; d: unknown }): void {
    if (session.socket === undefined) return;
    session.sequence += 1;
    this.#sendRaw(session.socket, { ...frame, s: session.sequence });
  }

  #sendRaw(socket: WebSocket, frame: object): void {
    this.framesSent.push(frame);
    socket.send(JSON.stringify(frame));
  }
}

const NOT_FOUND = { message: '404: Not Found', code: 0 };
const UNKNOWN_CHANNEL: Answer = { status: 404, body: { message: 'Unknown Channel', code: 10003 } };

export async function startDiscordStandIn(options: DiscordStandInOptions): Promise<DiscordStandIn> {
  return new DiscordStandIn(options).listen();
}
