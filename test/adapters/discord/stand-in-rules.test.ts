import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildChatCommand } from '../../../adapters/discord/index.ts';
import { CATALOGUE } from '../../../src/catalogue/catalogue.ts';
import { BOT_TOKEN, GUILD_ID, GUILDS, MEMBERS } from '../../helpers/discord-stack.ts';
import { type DiscordStandIn, startDiscordStandIn } from '../../helpers/discord-stand-in.ts';

/**
 * Each rule the Discord stand-in enforces, shown refusing a raw request (no discord.js in the
 * way), so that a rule cannot stop working without a test failing. The expected answers are
 * written out here from Discord's documentation, not taken from the stand-in's constants.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function standIn(options: { heartbeatIntervalMs?: number } = {}): Promise<DiscordStandIn> {
  const started = await startDiscordStandIn({ token: BOT_TOKEN, guilds: GUILDS, ...options });
  cleanups.push(() => started.close());
  return started;
}

interface RawAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

async function raw(
  discord: DiscordStandIn,
  method: string,
  path: string,
  options: { body?: unknown; bot?: boolean } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.bot) headers.authorization = `Bot ${BOT_TOKEN}`;
  const response = await fetch(`${discord.apiUrl}/v10${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

const callback = (id: string, token: string) => `/interactions/${id}/${token}/callback`;
const DEFER = { type: 5, data: { flags: 64 } };

describe('the first response: within 3 s, and only once', () => {
  it('a first response 2.9 s after the dispatch is taken; one 3.001 s after is refused with 10062', async () => {
    const discord = await standIn();
    const inTime = discord.chatInput({ by: MEMBERS.admin, path: ['status'] });
    const late = discord.chatInput({ by: MEMBERS.admin, path: ['status'] });
    discord.advanceClock(2_900);
    expect((await raw(discord, 'POST', callback(inTime.id, inTime.token), { body: DEFER })).status).toBe(204);
    discord.advanceClock(101);
    expect(await raw(discord, 'POST', callback(late.id, late.token), { body: DEFER })).toMatchObject({
      status: 404,
      body: { message: 'Unknown interaction', code: 10062 },
    });
    // Refused for good: the interaction is gone, and so is its token.
    expect((await raw(discord, 'POST', callback(late.id, late.token), { body: DEFER })).status).toBe(404);
    expect(
      await raw(discord, 'POST', `/webhooks/${discord.applicationId}/${late.token}`, {
        body: { content: 'too late' },
      }),
    ).toMatchObject({ status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } });

    const report = discord.firstResponseReport([inTime, late]);
    expect(report).toMatchObject({ interactions: 2, responded: 2, late: 1, missing: 0 });
    expect(report.slowestMs).toBeGreaterThan(3_000);
    const [first, second] = discord.firstResponses([inTime, late]);
    expect(first?.late).toBe(false);
    expect(second?.late).toBe(true);
  });

  it('an interaction nobody answered counts as missing, and its token is invalidated after 3 s', async () => {
    const discord = await standIn();
    const ignored = discord.chatInput({ by: MEMBERS.admin, path: ['status'] });
    expect(discord.firstResponseReport([ignored])).toMatchObject({ responded: 0, missing: 1 });
    discord.advanceClock(3_001);
    const edit = await raw(
      discord,
      'PATCH',
      `/webhooks/${discord.applicationId}/${ignored.token}/messages/@original`,
      { body: { content: 'x' } },
    );
    expect(edit).toMatchObject({ status: 401, body: { code: 50027 } });
  });

  it('a second first response is refused with 40060, whatever its type', async () => {
    const discord = await standIn();
    const handle = discord.chatInput({ by: MEMBERS.admin, path: ['status'] });
    expect((await raw(discord, 'POST', callback(handle.id, handle.token), { body: DEFER })).status).toBe(204);
    for (const second of [DEFER, { type: 4, data: { content: 'again' } }])
      expect(await raw(discord, 'POST', callback(handle.id, handle.token), { body: second })).toMatchObject({
        status: 400,
        body: { message: 'Interaction has already been acknowledged.', code: 40060 },
      });
  });

  it('a callback with another interaction’s token is an unknown interaction', async () => {
    const discord = await standIn();
    const one = discord.chatInput({ by: MEMBERS.admin, path: ['status'] });
    const other = discord.chatInput({ by: MEMBERS.admin, path: ['status'] });
    expect(await raw(discord, 'POST', callback(one.id, other.token), { body: DEFER })).toMatchObject({
      status: 404,
      body: { code: 10062 },
    });
  });
});

describe('the interaction token lives 15 minutes', () => {
  it('follow-ups and @original edits and deletes work until then; after, each is 401 50027', async () => {
    const discord = await standIn();
    const handle = discord.chatInput({ by: MEMBERS.admin, path: ['status'] });
    expect((await raw(discord, 'POST', callback(handle.id, handle.token), { body: DEFER })).status).toBe(204);
    const webhook = `/webhooks/${discord.applicationId}/${handle.token}`;
    discord.advanceClock(14 * 60_000 + 59_000);
    expect((await raw(discord, 'POST', webhook, { body: { content: 'at 14:59' } })).status).toBe(200);
    expect(
      (await raw(discord, 'PATCH', `${webhook}/messages/@original`, { body: { content: 'e' } })).status,
    ).toBe(200);
    discord.advanceClock(1_001);
    const expired = { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } };
    expect(await raw(discord, 'POST', webhook, { body: { content: 'at 15:00' } })).toMatchObject(expired);
    expect(
      await raw(discord, 'PATCH', `${webhook}/messages/@original`, { body: { content: 'e' } }),
    ).toMatchObject(expired);
    expect(await raw(discord, 'GET', `${webhook}/messages/@original`)).toMatchObject(expired);
    expect(await raw(discord, 'DELETE', `${webhook}/messages/@original`)).toMatchObject(expired);
    // And the interaction itself is gone.
    expect(await raw(discord, 'POST', callback(handle.id, handle.token), { body: DEFER })).toMatchObject({
      status: 404,
      body: { code: 10062 },
    });
  });
});

describe('each kind of interaction takes only its own first responses', () => {
  it('autocomplete cannot be deferred or answered with a message; a command cannot answer with choices', async () => {
    const discord = await standIn();
    const typing = discord.autocomplete({
      by: MEMBERS.admin,
      path: ['who'],
      options: { room: 'lo' },
      focused: 'room',
    });
    const invalid = {
      status: 400,
      body: { code: 50035, errors: { type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID' }] } } },
    };
    expect(await raw(discord, 'POST', callback(typing.id, typing.token), { body: DEFER })).toMatchObject(
      invalid,
    );
    expect(
      await raw(discord, 'POST', callback(typing.id, typing.token), {
        body: { type: 4, data: { content: 'x' } },
      }),
    ).toMatchObject(invalid);
    expect(
      (
        await raw(discord, 'POST', callback(typing.id, typing.token), {
          body: { type: 8, data: { choices: [] } },
        })
      ).status,
    ).toBe(204);
    const command = discord.chatInput({ by: MEMBERS.admin, path: ['status'] });
    expect(
      await raw(discord, 'POST', callback(command.id, command.token), {
        body: { type: 8, data: { choices: [] } },
      }),
    ).toMatchObject(invalid);
    expect(
      await raw(discord, 'POST', callback(command.id, command.token), { body: { type: 7, data: {} } }),
    ).toMatchObject(invalid);
  });
});

describe('a message body past Discord’s limits is refused whole (400, 50035)', () => {
  const button = (customId: string, label = 'Go') => ({ type: 2, style: 2, label, custom_id: customId });
  const row = (...buttons: object[]) => ({ type: 1, components: buttons });

  it('content over 2000, an embed description over 4096, 6001 characters of embeds, long labels and ids, too many rows or buttons, a repeated id', async () => {
    const discord = await standIn();
    const handle = discord.chatInput({ by: MEMBERS.admin, path: ['status'] });
    expect((await raw(discord, 'POST', callback(handle.id, handle.token), { body: DEFER })).status).toBe(204);
    const original = `/webhooks/${discord.applicationId}/${handle.token}/messages/@original`;
    const refused = { status: 400, body: { code: 50035, message: 'Invalid Form Body' } };
    const bodies = [
      { content: 'x'.repeat(2001) },
      { embeds: [{ description: 'x'.repeat(4097) }] },
      { embeds: [{ description: 'x'.repeat(4000) }, { description: 'x'.repeat(2001) }] },
      { components: [row(button('a', 'x'.repeat(81)))] },
      { components: [row(button('x'.repeat(101)))] },
      { components: [row(button('a'), button('a'))] },
      { components: [row(...['a', 'b', 'c', 'd', 'e', 'f'].map((id) => button(id)))] },
      { components: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => row(button(id))) },
    ];
    for (const body of bodies) expect(await raw(discord, 'PATCH', original, { body })).toMatchObject(refused);
    // The same limits on a follow-up and on a channel message; what fits is taken.
    const webhook = `/webhooks/${discord.applicationId}/${handle.token}`;
    expect(await raw(discord, 'POST', webhook, { body: bodies[0] })).toMatchObject(refused);
    expect((await raw(discord, 'PATCH', original, { body: { content: 'x'.repeat(2000) } })).status).toBe(200);
    expect(
      (await raw(discord, 'POST', webhook, { body: { embeds: [{ description: 'x'.repeat(4096) }] } })).status,
    ).toBe(200);
  });

  it('an interaction’s first response with a message past a limit is refused, and the interaction is still unanswered', async () => {
    const discord = await standIn();
    const handle = discord.chatInput({ by: MEMBERS.admin, path: ['status'] });
    const reply = (content: string) => ({ type: 4, data: { content } });
    expect(
      await raw(discord, 'POST', callback(handle.id, handle.token), { body: reply('x'.repeat(2001)) }),
    ).toMatchObject({
      status: 400,
      body: { code: 50035 },
    });
    expect(
      (await raw(discord, 'POST', callback(handle.id, handle.token), { body: reply('ok') })).status,
    ).toBe(204);
  });
});

describe('command registration is checked against Discord’s documented schema', () => {
  const route = (standInApp: DiscordStandIn) =>
    `/applications/${standInApp.applicationId}/guilds/${GUILD_ID}/commands`;
  const option = (fields: Record<string, unknown>) => ({
    type: 3,
    name: 'text',
    description: 'Some text',
    ...fields,
  });
  const sub = (options: unknown[], name = 'run') => ({ type: 1, name, description: 'Run it', options });
  const command = (fields: Record<string, unknown>) => ({
    type: 1,
    name: 'chat',
    description: 'Chat ops',
    ...fields,
  });
  const many = (count: number, make: (index: number) => unknown) =>
    Array.from({ length: count }, (_, i) => make(i));

  /** Each: a command Discord refuses, and where and with which code its 50035 says so. */
  const refused: Array<[string, unknown, string, string]> = [
    ['an uppercase name', command({ name: 'Chat' }), '0.name', 'APPLICATION_COMMAND_INVALID_NAME'],
    ['a name with a space', command({ name: 'chat ops' }), '0.name', 'APPLICATION_COMMAND_INVALID_NAME'],
    ['a 33-character name', command({ name: 'c'.repeat(33) }), '0.name', 'BASE_TYPE_BAD_LENGTH'],
    ['an empty description', command({ description: '' }), '0.description', 'BASE_TYPE_BAD_LENGTH'],
    [
      'a 101-character description',
      command({ description: 'd'.repeat(101) }),
      '0.description',
      'BASE_TYPE_BAD_LENGTH',
    ],
    ['no description', { type: 1, name: 'chat' }, '0.description', 'BASE_TYPE_REQUIRED'],
    [
      'an uppercase option name',
      command({ options: [option({ name: 'roomName' })] }),
      '0.options.0.name',
      'APPLICATION_COMMAND_INVALID_NAME',
    ],
    [
      'an option description of 101 characters',
      command({ options: [option({ description: 'o'.repeat(101) })] }),
      '0.options.0.description',
      'BASE_TYPE_BAD_LENGTH',
    ],
    [
      '26 options',
      command({ options: many(26, (i) => option({ name: `o${i}` })) }),
      '0.options',
      'BASE_TYPE_MAX_LENGTH',
    ],
    [
      '26 subcommands',
      command({ options: many(26, (i) => sub([], `s${i}`)) }),
      '0.options',
      'BASE_TYPE_MAX_LENGTH',
    ],
    [
      '26 choices',
      command({ options: [option({ choices: many(26, (i) => ({ name: `c${i}`, value: `c${i}` })) })] }),
      '0.options.0.choices',
      'BASE_TYPE_MAX_LENGTH',
    ],
    [
      'a required option after an optional one, in a subcommand',
      command({ options: [sub([option({ name: 'a' }), option({ name: 'b', required: true })])] }),
      '0.options.0.options.1',
      'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
    ],
    [
      'an option type that does not exist',
      command({ options: [option({ type: 12 })] }),
      '0.options.0.type',
      'BASE_TYPE_CHOICES',
    ],
    [
      'a subcommand beside a plain option',
      command({ options: [sub([]), option({})] }),
      '0.options.1',
      'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
    ],
    [
      'a subcommand inside a subcommand',
      command({ options: [sub([sub([], 'inner')])] }),
      '0.options.0.options.0.type',
      'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
    ],
    [
      'a group holding a plain option',
      command({ options: [{ type: 2, name: 'grp', description: 'A group', options: [option({})] }] }),
      '0.options.0.options.0.type',
      'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
    ],
    [
      'autocomplete with choices',
      command({ options: [option({ autocomplete: true, choices: [{ name: 'a', value: 'a' }] })] }),
      '0.options.0.autocomplete',
      'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID',
    ],
    [
      'two options of one name',
      command({ options: [option({}), option({})] }),
      '0.options.1.name',
      'BASE_TYPE_DUPLICATE',
    ],
    [
      'max_length 6001',
      command({ options: [option({ max_length: 6001 })] }),
      '0.options.0.max_length',
      'NUMBER_TYPE_MAX',
    ],
    [
      'a string value for an integer choice',
      command({ options: [option({ type: 4, choices: [{ name: 'one', value: '1' }] })] }),
      '0.options.0.choices.0.value',
      'BASE_TYPE_BAD_VALUE',
    ],
    [
      'a 101-character choice name',
      command({ options: [option({ choices: [{ name: 'n'.repeat(101), value: 'n' }] })] }),
      '0.options.0.choices.0.name',
      'BASE_TYPE_BAD_LENGTH',
    ],
    [
      'a USER command with a description',
      { type: 2, name: 'Look Up', description: 'x' },
      '0.description',
      'BASE_TYPE_BAD_LENGTH',
    ],
    ['a context that does not exist', command({ contexts: [0, 7] }), '0.contexts.1', 'BASE_TYPE_CHOICES'],
    [
      'more than 8000 characters in all',
      command({
        options: many(25, (i) =>
          sub(
            many(25, (j) => option({ name: `o${j}`, description: 'd'.repeat(100) })),
            `s${i}`,
          ),
        ),
      }),
      '0',
      'APPLICATION_COMMAND_TOO_LARGE',
    ],
  ];

  it.each(refused)('%s: 400 Invalid Form Body (50035), nothing registered', async (_, body, path, code) => {
    const discord = await standIn();
    const answer = await raw(discord, 'PUT', route(discord), { body: [body], bot: true });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 50035, message: 'Invalid Form Body' });
    let node = (answer.body as { errors: unknown }).errors;
    for (const key of path.split('.')) node = (node as Record<string, unknown>)[key];
    const errors = (node as { _errors: Array<{ code: string; message: string }> })._errors;
    expect(errors.map((error) => error.code)).toContain(code);
    expect(discord.commands.get(GUILD_ID)).toBeUndefined();
    expect(discord.refusedRegistrations).toHaveLength(1);
  });

  it('two commands of one name and type in one overwrite are refused', async () => {
    const discord = await standIn();
    const answer = await raw(discord, 'PUT', route(discord), { body: [command({}), command({})], bot: true });
    expect(answer).toMatchObject({
      status: 400,
      body: { code: 50035, errors: { '1': { _errors: [{ code: 'APPLICATION_COMMANDS_DUPLICATE_NAME' }] } } },
    });
  });

  it('what Discord takes is taken: a minimal command, Unicode names, and /chat as the catalogue builds it', async () => {
    const discord = await standIn();
    const minimal = command({ name: 'ping', description: 'p' });
    const unicode = command({ name: 'größe-चालू', options: [option({ name: 'ß_-' })] });
    const chat = buildChatCommand(CATALOGUE);
    const answer = await raw(discord, 'PUT', route(discord), { body: [minimal, unicode, chat], bot: true });
    expect(answer.status).toBe(200);
    expect(discord.refusedRegistrations).toEqual([]);
    expect((discord.commands.get(GUILD_ID) ?? []).map((one) => (one as { name: string }).name)).toEqual([
      'ping',
      'größe-चालू',
      'chat',
    ]);
  });

  it('POST creates one command (201), again with the same name overwrites it (200), and is checked too', async () => {
    const discord = await standIn();
    expect((await raw(discord, 'POST', route(discord), { body: command({}), bot: true })).status).toBe(201);
    expect(
      (await raw(discord, 'POST', route(discord), { body: command({ description: 'Again' }), bot: true }))
        .status,
    ).toBe(200);
    expect(discord.commands.get(GUILD_ID)).toHaveLength(1);
    const refused = await raw(discord, 'POST', route(discord), { body: command({ name: 'Bad' }), bot: true });
    expect(refused).toMatchObject({
      status: 400,
      body: { code: 50035, errors: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } },
    });
  });
});

describe('429 on demand', () => {
  const channelPost = /^\/channels\/701\/messages$/;

  it('per route: retry_after, Retry-After and X-RateLimit-* headers; refused again until it passes', async () => {
    const discord = await standIn();
    discord.rateLimitNext({ method: 'POST', path: channelPost, retryAfterMs: 1_500 });
    const post = () => raw(discord, 'POST', '/channels/701/messages', { body: { content: 'hi' }, bot: true });
    const first = await post();
    expect(first.status).toBe(429);
    expect(first.body).toMatchObject({ message: 'You are being rate limited.', global: false });
    const retryAfter = (first.body as { retry_after: number }).retry_after;
    expect(retryAfter).toBe(1.5);
    // Retry-After is whole seconds, rounded up; the route headers say the bucket is empty.
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(first.headers.get('x-ratelimit-limit')).toBe('1');
    expect(first.headers.get('x-ratelimit-reset-after')).toBe('1.500');
    expect(first.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{16}$/);
    expect(first.headers.get('x-ratelimit-scope')).toBe('user');
    expect(first.headers.get('x-ratelimit-global')).toBeNull();
    // Another route is not limited; the same route is, until retry_after has passed.
    expect((await raw(discord, 'GET', '/channels/701', { bot: true })).status).toBe(200);
    expect((await post()).status).toBe(429);
    discord.advanceClock(1_500);
    expect((await post()).status).toBe(200);
    expect(discord.rateLimited).toHaveLength(2);
  });

  it('global: X-RateLimit-Global, scope global, and every request of that client refused meanwhile', async () => {
    const discord = await standIn();
    discord.rateLimitNext({ path: channelPost, retryAfterMs: 400, global: true });
    const first = await raw(discord, 'POST', '/channels/701/messages', {
      body: { content: 'hi' },
      bot: true,
    });
    expect(first).toMatchObject({ status: 429, body: { global: true } });
    expect(first.headers.get('x-ratelimit-global')).toBe('true');
    expect(first.headers.get('x-ratelimit-scope')).toBe('global');
    expect(first.headers.get('retry-after')).toBe('1');
    expect((await raw(discord, 'GET', '/channels/701', { bot: true })).status).toBe(429);
    // A request without the bot's Authorization is another client.
    const handle = discord.chatInput({ by: MEMBERS.admin, path: ['status'] });
    expect((await raw(discord, 'POST', callback(handle.id, handle.token), { body: DEFER })).status).toBe(204);
    discord.advanceClock(400);
    expect((await raw(discord, 'GET', '/channels/701', { bot: true })).status).toBe(200);
  });
});

/** A raw gateway client: the frames it received, and a way to wait for one. */
async function gatewayClient(discord: DiscordStandIn) {
  const socket = new WebSocket(`${discord.gatewayUrl}?v=10&encoding=json`);
  const received: Array<{ op: number; d: unknown; s?: number; t?: string }> = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  cleanups.push(async () => {
    socket.terminate();
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  return {
    socket,
    received,
    closed,
    send: (frame: object) => socket.send(JSON.stringify(frame)),
    next: (match: (frame: (typeof received)[number]) => boolean, from = 0) =>
      discord.waitFor(() => received.slice(from).find(match)),
  };
}

describe('the gateway', () => {
  it('HELLO gives the configured heartbeat interval; each heartbeat is ACKed, until the connection is a zombie', async () => {
    const discord = await standIn({ heartbeatIntervalMs: 250 });
    const client = await gatewayClient(discord);
    expect((await client.next((frame) => frame.op === 10)).d).toEqual({ heartbeat_interval: 250 });
    client.send({ op: 1, d: null });
    await client.next((frame) => frame.op === 11);
    expect(discord.gateway.heartbeatAcks).toBe(1);

    discord.gateway.withholdHeartbeatAcks();
    const before = client.received.length;
    client.send({ op: 1, d: null });
    await discord.waitFor(() => discord.gateway.heartbeatsUnanswered === 1);
    expect(client.received.slice(before).filter((frame) => frame.op === 11)).toEqual([]);
    expect(discord.gateway.heartbeatAcks).toBe(1);

    // A new connection is answered again.
    const fresh = await gatewayClient(discord);
    fresh.send({ op: 1, d: null });
    await fresh.next((frame) => frame.op === 11);
  });

  it('asks for a heartbeat (op 1), sends Reconnect (op 7) and Invalid Session (op 9) when told', async () => {
    const discord = await standIn();
    const client = await gatewayClient(discord);
    discord.gateway.requestHeartbeat();
    expect(await client.next((frame) => frame.op === 1)).toEqual({ op: 1, d: null });
    discord.gateway.requestReconnect();
    expect(await client.next((frame) => frame.op === 7)).toEqual({ op: 7, d: null });
    discord.gateway.invalidateSessions(true);
    expect(await client.next((frame) => frame.op === 9)).toEqual({ op: 9, d: true });
  });

  it('RESUME replays what the session missed, in order, then RESUMED; after invalidation or a 1000 close it is refused', async () => {
    const discord = await standIn();
    const first = await gatewayClient(discord);
    first.send({ op: 2, d: { token: BOT_TOKEN, intents: 1, properties: {} } });
    const ready = await first.next((frame) => frame.t === 'READY');
    const sessionId = (ready.d as { session_id: string }).session_id;
    const lastSeen = ready.s ?? 0;
    // Gone without a close frame of its own (as a network failure), then two events while away.
    discord.dropGatewayConnections();
    await first.closed;
    discord.dispatch('CHANNEL_UPDATE', { id: 'one' });
    discord.dispatch('CHANNEL_UPDATE', { id: 'two' });

    const second = await gatewayClient(discord);
    second.send({ op: 6, d: { token: BOT_TOKEN, session_id: sessionId, seq: lastSeen } });
    await second.next((frame) => frame.t === 'RESUMED');
    const replayed = second.received.filter((frame) => frame.op === 0);
    // GUILD_CREATE for both guilds came after READY and was missed too.
    expect(replayed.map((frame) => frame.t)).toEqual([
      'GUILD_CREATE',
      'GUILD_CREATE',
      'CHANNEL_UPDATE',
      'CHANNEL_UPDATE',
      'RESUMED',
    ]);
    expect(replayed.map((frame) => frame.s)).toEqual([2, 3, 4, 5, 6]);
    expect(discord.resumes).toBe(1);

    // The client closes with 1000: the session ends, a RESUME of it is refused.
    second.socket.close(1000);
    await second.closed;
    const third = await gatewayClient(discord);
    third.send({ op: 6, d: { token: BOT_TOKEN, session_id: sessionId, seq: 6 } });
    expect(await third.next((frame) => frame.op === 9)).toEqual({ op: 9, d: false });

    // Invalid Session (false): the session is gone too.
    third.send({ op: 2, d: { token: BOT_TOKEN, intents: 1, properties: {} } });
    const again = await third.next((frame) => frame.t === 'READY');
    discord.gateway.invalidateSessions(false);
    const from = third.received.length;
    await third.next((frame) => frame.op === 9, from);
    const fourth = await gatewayClient(discord);
    fourth.send({
      op: 6,
      d: { token: BOT_TOKEN, session_id: (again.d as { session_id: string }).session_id, seq: again.s },
    });
    expect(await fourth.next((frame) => frame.op === 9)).toEqual({ op: 9, d: false });
    expect(discord.resumes).toBe(1);
  });
});
