import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  bulkOverwriteProblems,
  createCommandProblems,
  type FormProblem,
  invalidFormBody,
} from './discord-command-rules.ts';
import {
  ALREADY_ACKNOWLEDGED,
  FIRST_RESPONSE_DEADLINE_MS,
  type FirstResponse,
  type FirstResponseReport,
  firstResponseReport,
  INTERACTION_TOKEN_LIFE_MS,
  INVALID_WEBHOOK_TOKEN,
  UNKNOWN_INTERACTION,
} from './discord-deadlines.ts';
import { GatewayStandIn } from './discord-gateway-stand-in.ts';
import { messageBodyProblems } from './discord-message-rules.ts';
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
import { type RateLimitSpec, RateLimits } from './discord-rate-limits.ts';

/**
 * Discord on loopback, for the real discord.js Client: the REST API under `/api/v10` (gateway
 * discovery, interaction callbacks and webhooks, channel messages, application commands) and the
 * gateway (./discord-gateway-stand-in.ts). Every request and every frame is recorded;
 * interactions are injected as INTERACTION_CREATE dispatches.
 *
 * It refuses what Discord refuses, each rule with its source where it is enforced: a first
 * response later than 3 s (10062), a second first response (40060), an interaction token older
 * than 15 minutes (50027), command JSON outside Discord's documented schema (50035), and a 429
 * when a test asks for one. A channel message with `enforce_nonce` and a nonce the same author
 * used in that channel within NONCE_WINDOW_MS is answered with the first message, and none is made. Time is the stand-in's clock: real time, which a test can move on
 * (`advanceClock`) instead of waiting 15 minutes, or (`deadlineClock: 'test'`) a clock that only
 * the test moves.
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
  /** The status the stand-in answered (set once answered). */
  status?: number;
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
  /**
   * HELLO's heartbeat interval. Discord's is about 41 s (45 s in the docs' example), so by default
   * no heartbeat runs in a short test; a test of heartbeats sets a short one.
   */
  heartbeatIntervalMs?: number;
  /**
   * The deadlines' clock (the 3 s first response, the token's 15 minutes). `real` (the default):
   * real time plus what a test moved it on by, as a load run needs. `test`: it moves only when the
   * test moves it (`advanceClock`), so an ordinary test checks the deadlines as an order on its
   * own clock (answered before the test moved the clock past 3 s) and a slow machine fails
   * nothing; the wall-clock deadline is the stress runs'. Rate limits keep real time plus what the
   * test moved either way, so a client that retries before retry_after is still seen.
   */
  deadlineClock?: 'real' | 'test';
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
  /** When INTERACTION_CREATE was dispatched, on the stand-in's clock: both deadlines run from it. */
  createdAt: number;
  /** The first callback that came (in time or not), and how long after the dispatch. */
  firstResponse?: FirstResponse;
  acknowledged: boolean;
  /** The message `@original` names: the response, or the message a component is on. */
  originalId?: string;
  autocompleteChoices?: unknown;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Route {
  method: string;
  path: RegExp;
  /** Whether the route takes the bot token. */
  bot: boolean;
  answer(parts: string[], request: RecordedRequest): Answer;
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
  /** Registered commands by scope: `global` or a guild id. */
  readonly commands = new Map<string, unknown[]>();
  /** Command registrations refused with 50035, with what Discord would have said. */
  readonly refusedRegistrations: Array<{ request: RecordedRequest; problems: FormProblem[] }> = [];
  readonly messages = new Map<string, StoredMessage>();
  /** Requests answered 429. */
  readonly rateLimited: RecordedRequest[] = [];
  readonly gateway: GatewayStandIn;

  readonly #token: string;
  readonly #server: Server;
  readonly #rateLimits = new RateLimits(() => performance.now() + this.#clockOffsetMs);
  readonly #interactions = new Map<string, InteractionRecord>();
  /** The same records by token: webhook requests name the token, and a bench run makes thousands. */
  readonly #interactionsByToken = new Map<string, InteractionRecord>();
  /** Enforced nonces: the message each created, and when (the stand-in's clock), by author, channel and nonce. */
  readonly #nonces = new Map<string, { messageId: string; at: number }>();
  #port = 0;
  #clockOffsetMs = 0;
  /** Where a `test` deadline clock stands still; undefined: it runs with real time. */
  readonly #heldAt: number | undefined;

  constructor(options: DiscordStandInOptions) {
    this.#token = options.token;
    this.#heldAt = options.deadlineClock === 'test' ? performance.now() : undefined;
    this.applicationId = options.applicationId ?? '900000000000000001';
    this.guilds = options.guilds;
    this.bot = { id: this.applicationId, username: 'flashchat-ops', roles: [] };
    this.gateway = new GatewayStandIn({
      token: options.token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS,
      url: () => this.gatewayUrl,
      identified: (sessionId) => ({
        ready: {
          v: 10,
          user: { ...userPayload(this.bot, true), verified: true, mfa_enabled: false, flags: 0 },
          guilds: this.guilds.map((guild) => ({ id: guild.id, unavailable: true })),
          session_id: sessionId,
          resume_gateway_url: this.gatewayUrl,
          shard: [0, 1],
          application: { id: this.applicationId, flags: 0 },
        },
        after: this.guilds.map((guild) => ({ t: 'GUILD_CREATE', d: guildPayload(guild, this.bot) })),
      }),
    });
    this.#server = createServer((request, response) => {
      this.#serve(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    this.#server.on('upgrade', (request, socket, head) => this.#upgrade(request, socket, head));
  }

  /** The REST base for `rest: { api }` and DISCORD_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}/gateway`;
  }

  /** Every gateway frame the client sent (IDENTIFY and RESUME carry the token, as they must). */
  get framesReceived(): Array<{ op: number; d: unknown }> {
    return this.gateway.framesReceived;
  }

  get framesSent(): unknown[] {
    return this.gateway.framesSent;
  }

  /** The query strings gateway connections were opened with (`v`, `encoding`, `compress`). */
  get gatewayQueries(): Array<Record<string, string>> {
    return this.gateway.queries;
  }

  get identifies(): number {
    return this.gateway.identifies;
  }

  get resumes(): number {
    return this.gateway.resumes;
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
    await this.gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // --- Time and rate limits -----------------------------------------------------------------

  /**
   * The stand-in's clock, the deadlines' (ms): real (monotonic) time, or with the `test` deadline
   * clock the moment it started, plus what tests moved it on by.
   */
  now(): number {
    return (this.#heldAt ?? performance.now()) + this.#clockOffsetMs;
  }

  /** Moves the clock on, as if `ms` had passed: the deadlines see it, nothing else waits. */
  advanceClock(ms: number): void {
    this.#clockOffsetMs += ms;
  }

  /** The next request matching `spec` gets a 429, and so does any until its retry_after has passed. */
  rateLimitNext(spec: RateLimitSpec): void {
    this.#rateLimits.limitNext(spec);
  }

  /** Each interaction's first response (or none yet): how long after the dispatch, and whether late. */
  firstResponses(handles?: readonly InteractionHandle[]): Array<FirstResponse | undefined> {
    const records =
      handles === undefined
        ? [...this.#interactions.values()]
        : handles.flatMap((handle) => this.#interactions.get(handle.id) ?? []);
    return records.map((record) => record.firstResponse);
  }

  /** How many first responses came, how many late, how many not at all, and the slowest. */
  firstResponseReport(handles?: readonly InteractionHandle[]): FirstResponseReport {
    return firstResponseReport(this.firstResponses(handles));
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
    this.gateway.dropConnections(code);
  }

  dispatch(event: string, data: unknown): void {
    this.gateway.dispatch(event, data);
  }

  get gatewayConnected(): boolean {
    return this.gateway.connected;
  }

  #inject(
    spec: { by: StandInMember; guildId?: string; channelId?: string; dm?: boolean },
    kind: InteractionRecord['kind'],
    fields: Record<string, unknown>,
  ): InteractionHandle {
    const handle = { id: snowflake(), token: `aW50ZXJhY3Rpb246${randomBytes(24).toString('base64url')}` };
    const guild = spec.dm ? undefined : this.#guild(spec.guildId);
    const channelId = spec.channelId ?? (spec.dm ? `dm-${spec.by.id}` : (guild?.channels[0]?.id ?? '1'));
    const record: InteractionRecord = {
      handle,
      kind,
      channelId,
      guildId: guild?.id,
      createdAt: this.now(),
      acknowledged: false,
    };
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

    const limited = this.#rateLimits.check(recorded.method, recorded.path, recorded.authorization);
    if (limited) this.rateLimited.push(recorded);
    const answer: Answer = limited ?? this.#route(recorded);
    if (answer.status === 404 && answer.body === NOT_FOUND) this.unhandled.push(recorded);
    recorded.status = answer.status;
    if (answer.body === undefined) response.writeHead(answer.status, answer.headers).end();
    else
      response
        .writeHead(answer.status, { ...answer.headers, 'content-type': 'application/json' })
        .end(JSON.stringify(answer.body));
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
        const refused = refusedMessage(request.body);
        if (refused) return refused;
        const author = userPayload(this.bot, true);
        const nonce = enforcedNonce(request.body);
        const nonceKey = nonce === undefined ? undefined : `${author.id}|${channel.id}|${nonce}`;
        const earlier = nonceKey === undefined ? undefined : this.#nonces.get(nonceKey);
        const first = earlier === undefined ? undefined : this.messages.get(earlier.messageId);
        if (earlier !== undefined && first !== undefined && this.now() - earlier.at <= NONCE_WINDOW_MS)
          return { status: 200, body: first };
        const message = messagePayload({
          channel_id: channel.id,
          guild_id: channel.guild_id,
          author,
          ...(nonce === undefined ? {} : { nonce }),
        });
        if (nonceKey !== undefined) this.#nonces.set(nonceKey, { messageId: message.id, at: this.now() });
        return { status: 200, body: this.#store(message, request) };
      },
    },
    ...(['GET', 'PUT', 'POST'] as const).map((method) => ({
      method,
      path: /^\/applications\/([^/]+)(?:\/guilds\/([^/]+))?\/commands$/,
      bot: true,
      answer: ([applicationId, guildId]: string[], request: RecordedRequest) =>
        this.#commands(method, applicationId ?? '', guildId || 'global', request),
    })),
  ];

  /**
   * GET lists a scope's commands; PUT (Bulk Overwrite) replaces them all; POST (Create) adds one
   * or overwrites the one of the same name and type ("Returns 201 if a command with the same name
   * does not already exist, or a 200 if it does"). A body outside Discord's documented schema is
   * refused whole with 50035 (./discord-command-rules.ts), and nothing is registered.
   */
  #commands(
    method: 'GET' | 'PUT' | 'POST',
    applicationId: string,
    scope: string,
    request: RecordedRequest,
  ): Answer {
    if (applicationId !== this.applicationId)
      return { status: 403, body: { message: 'Missing Access', code: 50001 } };
    if (method === 'GET') return { status: 200, body: this.commands.get(scope) ?? [] };
    const problems =
      method === 'PUT' ? bulkOverwriteProblems(request.body) : createCommandProblems(request.body);
    if (problems.length > 0) {
      this.refusedRegistrations.push({ request, problems });
      return { status: 400, body: invalidFormBody(problems) };
    }
    const registered = (command: object) => ({
      id: snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      default_member_permissions: null,
      nsfw: false,
      description_localizations: null,
      name_localizations: null,
      ...(scope === 'global' ? {} : { guild_id: scope }),
      ...command,
    });
    if (method === 'PUT') {
      const commands = (request.body as object[]).map(registered);
      this.commands.set(scope, commands);
      return { status: 200, body: commands };
    }
    const command = registered(request.body as object);
    const sameKey = (other: unknown) => {
      const a = other as { name?: string; type?: number };
      const b = command as { name?: string; type?: number };
      return a.name === b.name && (a.type ?? 1) === (b.type ?? 1);
    };
    const existing = this.commands.get(scope) ?? [];
    const replaced = existing.some(sameKey);
    this.commands.set(scope, [...existing.filter((other) => !sameKey(other)), command]);
    return { status: replaced ? 200 : 201, body: command };
  }

  /**
   * The first response (Create Interaction Response). Discord's deadlines (./discord-deadlines.ts):
   * the first one must come within 3 s of the dispatch, or it is refused with 10062 and the
   * interaction is gone; a second one is refused with 40060 ("Interaction has already been
   * acknowledged", JSON error code 40060 in opcodes-and-status-codes.mdx); past the token's 15
   * minutes the interaction is unknown.
   */
  #callback(id: string, token: string, body: unknown, files: RecordedRequest['files']): Answer {
    const record = this.#interactions.get(id);
    if (record === undefined || record.handle.token !== token)
      return { status: 404, body: UNKNOWN_INTERACTION };
    const age = this.now() - record.createdAt;
    if (record.firstResponse === undefined)
      record.firstResponse = { delayMs: age, late: age > FIRST_RESPONSE_DEADLINE_MS };
    if (age > INTERACTION_TOKEN_LIFE_MS) return { status: 404, body: UNKNOWN_INTERACTION };
    if (record.acknowledged) return { status: 400, body: ALREADY_ACKNOWLEDGED };
    if (age > FIRST_RESPONSE_DEADLINE_MS) return { status: 404, body: UNKNOWN_INTERACTION };
    const callback = (body ?? {}) as { type?: number; data?: Record<string, unknown> };
    const data = callback.data ?? {};
    if (!RESPONSE_TYPES_BY_KIND[record.kind].includes(callback.type ?? 0))
      return {
        status: 400,
        body: invalidFormBody([
          {
            path: ['type'],
            code: 'INTERACTION_RESPONSE_TYPE_INVALID',
            message: `Response type ${String(callback.type)} is not valid for this interaction`,
          },
        ]),
      };
    const refused = refusedMessage(callback.type === 4 || callback.type === 7 ? data : undefined);
    if (refused) return refused;
    record.acknowledged = true;
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
    const expired = this.#tokenExpired(record);
    if (expired) return expired;
    if (!record.acknowledged) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    const id = messageId === '@original' ? record.originalId : messageId;
    const message = id === undefined ? undefined : this.messages.get(id);
    if (message === undefined) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    if (method === 'DELETE') {
      this.messages.delete(message.id);
      return { status: 204 };
    }
    if (method === 'PATCH') {
      const refused = refusedMessage(request.body);
      if (refused) return refused;
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
    const expired = this.#tokenExpired(record);
    if (expired) return expired;
    if (!record.acknowledged) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    const refused = refusedMessage(request.body);
    if (refused) return refused;
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

  /**
   * 401 50027 once the token is past its 15 minutes, or was invalidated because no first response
   * came within 3 s ("If the 3 second deadline is exceeded, the token will be invalidated").
   */
  #tokenExpired(record: InteractionRecord): Answer | undefined {
    const age = this.now() - record.createdAt;
    const invalidated = !record.acknowledged && age > FIRST_RESPONSE_DEADLINE_MS;
    if (age > INTERACTION_TOKEN_LIFE_MS || invalidated) return { status: 401, body: INVALID_WEBHOOK_TOKEN };
    return undefined;
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
    this.gateway.upgrade(request, socket, head);
  }
}

const NOT_FOUND = { message: '404: Not Found', code: 0 };

/**
 * How long an enforced nonce is remembered. Discord's Create Message says only "checked for
 * uniqueness in the past few minutes"; three minutes here, well past a failover (the lease time),
 * and a test can move the clock beyond it.
 */
export const NONCE_WINDOW_MS = 3 * 60_000;

/** The nonce of a message body that asks for it to be enforced (`enforce_nonce: true`), or undefined. */
function enforcedNonce(body: unknown): string | undefined {
  const { nonce, enforce_nonce: enforce } = (body ?? {}) as { nonce?: unknown; enforce_nonce?: unknown };
  if (enforce !== true) return undefined;
  return typeof nonce === 'string' || typeof nonce === 'number' ? String(nonce) : undefined;
}
const UNKNOWN_CHANNEL: Answer = { status: 404, body: { message: 'Unknown Channel', code: 10003 } };

export async function startDiscordStandIn(options: DiscordStandInOptions): Promise<DiscordStandIn> {
  return new DiscordStandIn(options).listen();
}

/** A message body Discord would refuse (./discord-message-rules.ts): its 400, or undefined. */
function refusedMessage(body: unknown): Answer | undefined {
  const problems = messageBodyProblems(body);
  return problems.length === 0 ? undefined : { status: 400, body: invalidFormBody(problems) };
}

/**
 * The first responses each kind of interaction takes (developers/interactions/receiving-and-responding.mdx,
 * "Interaction Callback Type"): a command a message or a deferral (4, 5) or a modal (9); a button
 * those, or an update of its message (6, 7); autocomplete only its result (8), which cannot be
 * deferred. Anything else is refused whole, as Discord does (the code is in the style of its others).
 */
const RESPONSE_TYPES_BY_KIND: Readonly<Record<InteractionRecord['kind'], readonly number[]>> = {
  command: [4, 5, 9],
  component: [4, 5, 6, 7, 9],
  autocomplete: [8],
};
