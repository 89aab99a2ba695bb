import { afterEach, describe, expect, it } from 'vitest';
import {
  createDiscordAdapter,
  type DiscordAdapter,
  type DiscordCore,
  registerCommands,
  runRegister,
} from '../../../adapters/discord/index.ts';
import { CATALOGUE } from '../../../src/catalogue/catalogue.ts';
import type { Reply } from '../../../src/replies/reply.ts';
import type { NamedRoom } from '../../../src/rooms/known-room.ts';
import {
  BOT_TOKEN,
  EPHEMERAL,
  embedsOf,
  flagsOf,
  GUILD_ID,
  GUILDS,
  isCallback,
  isEditOriginal,
  MEMBERS,
  textOf,
} from '../../helpers/discord-stack.ts';
import { type DiscordStandIn, startDiscordStandIn } from '../../helpers/discord-stand-in.ts';
import { EXPECTED_CHAT_COMMAND } from './chat-command.expected.ts';

const REPLY: Reply = { title: 'Done', severity: 'success', visibility: 'channel' };

interface Harness {
  standIn: DiscordStandIn;
  logs: string[];
  invocations: Array<{ name: string; values: Record<string, unknown> }>;
  refreshes: number;
  adapter(options?: {
    guildId?: string;
    token?: string;
    core?: Partial<DiscordCore>;
    rooms?: NamedRoom[];
  }): DiscordAdapter;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(): Promise<Harness> {
  const standIn = await startDiscordStandIn({ token: BOT_TOKEN, guilds: GUILDS });
  cleanups.push(() => standIn.close());
  const state: Harness = {
    standIn,
    logs: [],
    invocations: [],
    refreshes: 0,
    adapter(options = {}) {
      const core: DiscordCore = {
        catalogue: CATALOGUE,
        mayRun: () => true,
        handleInvocation: async (name, values) => {
          state.invocations.push({ name, values });
          return REPLY;
        },
        answerConfirmation: async () => REPLY,
        refuseRequest: () => {},
        ...options.core,
      };
      const adapter = createDiscordAdapter({
        core,
        rooms: {
          cachedNames: () => options.rooms ?? [],
          refresh: async () => {
            state.refreshes += 1;
            return { rooms: [], warnings: [] };
          },
        },
        credentials: {
          token: options.token ?? BOT_TOKEN,
          applicationId: standIn.applicationId,
          apiUrl: standIn.apiUrl,
          ...('guildId' in options
            ? options.guildId === undefined
              ? {}
              : { guildId: options.guildId }
            : { guildId: GUILD_ID }),
        },
        log: (message) => state.logs.push(message),
      });
      cleanups.push(() => adapter.stop());
      return adapter;
    },
  };
  return state;
}

const commandRequests = (standIn: DiscordStandIn) =>
  standIn.requests
    .filter((request) => request.path.includes('/commands'))
    .map((request) => `${request.method} ${request.path}`);

describe('logging in and registering /chat', () => {
  it('asks /gateway/bot, identifies with the Guilds intent only, uncompressed JSON', async () => {
    const { standIn, adapter } = await harness();
    await adapter().start();
    expect(standIn.requests[0]).toMatchObject({
      method: 'GET',
      path: '/gateway/bot',
      authorization: `Bot ${BOT_TOKEN}`,
    });
    expect(standIn.gatewayQueries).toEqual([{ v: '10', encoding: 'json' }]);
    const identify = standIn.framesReceived.find((frame) => frame.op === 2)?.d;
    expect(identify).toMatchObject({ token: BOT_TOKEN, intents: 1, compress: false });
  });

  it('registers in the guild at start-up only when the definition changed', async () => {
    const { standIn, adapter, logs } = await harness();
    const first = adapter();
    await first.start();
    const route = `/applications/${standIn.applicationId}/guilds/${GUILD_ID}/commands`;
    expect(commandRequests(standIn)).toEqual([`GET ${route}`, `PUT ${route}`]);
    // Compared with the command JSON written out from Discord's schema, not with the builder's output.
    expect(standIn.requests.find((request) => request.method === 'PUT')?.body).toEqual([
      EXPECTED_CHAT_COMMAND,
    ]);
    await first.stop();

    await adapter().start();
    expect(commandRequests(standIn)).toEqual([`GET ${route}`, `PUT ${route}`, `GET ${route}`]);
    expect(logs).toContain(`discord: /chat is up to date in server ${GUILD_ID}`);
  });

  it('registers globally when no guild is configured', async () => {
    const { standIn, adapter } = await harness();
    await adapter({ guildId: undefined }).start();
    expect(commandRequests(standIn)).toEqual([
      `GET /applications/${standIn.applicationId}/commands`,
      `PUT /applications/${standIn.applicationId}/commands`,
    ]);
  });

  it('a wrong token: start() rejects, and neither the error nor the log shows the token', async () => {
    const { adapter, logs } = await harness();
    const wrong = 'MTk5OTk5.wrong.token-value-that-must-not-leak';
    const error = await adapter({ token: wrong })
      .start()
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/Discord login failed/);
    expect(String(error)).not.toContain(wrong);
    expect(logs.join('\n')).not.toContain(wrong);
  });
});

describe('npm run register', () => {
  it('registerCommands bulk-overwrites in the guild, or globally', async () => {
    const { standIn } = await harness();
    const credentials = { token: BOT_TOKEN, applicationId: standIn.applicationId, apiUrl: standIn.apiUrl };
    expect(await registerCommands({ ...credentials, guildId: GUILD_ID })).toEqual({
      scope: 'guild',
      guildId: GUILD_ID,
      commandNames: ['chat'],
    });
    expect(await registerCommands(credentials)).toEqual({ scope: 'global', commandNames: ['chat'] });
    expect(standIn.commands.get(GUILD_ID)).toHaveLength(1);
    expect(standIn.commands.get('global')).toHaveLength(1);
    const puts = standIn.requests.filter((request) => request.method === 'PUT');
    expect(puts.map((request) => request.body)).toEqual([[EXPECTED_CHAT_COMMAND], [EXPECTED_CHAT_COMMAND]]);
    expect(commandRequests(standIn)).toEqual([
      `PUT /applications/${standIn.applicationId}/guilds/${GUILD_ID}/commands`,
      `PUT /applications/${standIn.applicationId}/commands`,
    ]);
  });

  it('the command line: done, not configured, refused, each with its exit code and no token', async () => {
    const { standIn } = await harness();
    const run = async (env: Record<string, string>) => {
      let out = '';
      let err = '';
      const code = await runRegister(env, { out: (text) => (out += text), err: (text) => (err += text) });
      return { code, out, err };
    };
    const env = {
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_APPLICATION_ID: standIn.applicationId,
      DISCORD_API_URL: standIn.apiUrl,
    };
    expect(await run({ ...env, DISCORD_GUILD_ID: GUILD_ID })).toEqual({
      code: 0,
      out: `Registered /chat in server ${GUILD_ID}: it is available there now.\n`,
      err: '',
    });
    const missing = await run({});
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('set DISCORD_TOKEN and DISCORD_APPLICATION_ID');
    const half = await run({ DISCORD_TOKEN: BOT_TOKEN });
    expect(half).toMatchObject({ code: 2 });
    expect(half.err).toContain('DISCORD_APPLICATION_ID is not set');
    expect(half.err).not.toContain(BOT_TOKEN);

    const wrong = await run({ ...env, DISCORD_TOKEN: 'bad.token.value' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('DISCORD_TOKEN is not accepted');
    expect(wrong.err).not.toContain('bad.token.value');
    const elsewhere = await run({ ...env, DISCORD_APPLICATION_ID: '12345678' });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.err).toContain('applications.commands');
  });
});

describe('answering interactions', () => {
  it('defers before the core answers, however long it takes', async () => {
    const { standIn, adapter } = await harness();
    let release: (reply: Reply) => void = () => {};
    const slow = new Promise<Reply>((resolve) => {
      release = resolve;
    });
    await adapter({ core: { handleInvocation: () => slow } }).start();
    const handle = standIn.chatInput({ by: MEMBERS.admin, path: ['status'] });
    const deferral = await standIn.waitForRequest(handle, isCallback(5));
    expect(flagsOf(deferral)).toBe(EPHEMERAL);
    expect(standIn.requestsFor(handle)).toHaveLength(1);
    release({ title: 'Late but fine', severity: 'info', visibility: 'private' });
    const edit = await standIn.waitForRequest(handle, isEditOriginal);
    expect(embedsOf(edit)[0]?.title).toBe('Late but fine');
  });

  it('stop() lets a command under way finish, refuses new ones, then closes the gateway', async () => {
    const { standIn, adapter } = await harness();
    let release: (reply: Reply) => void = () => {};
    const slow = new Promise<Reply>((resolve) => {
      release = resolve;
    });
    const running = adapter({ core: { handleInvocation: () => slow } });
    await running.start();
    const underWay = standIn.chatInput({ by: MEMBERS.admin, path: ['status'] });
    await standIn.waitForRequest(underWay, isCallback(5));
    const stopped = running.stop();
    const late = standIn.chatInput({ by: MEMBERS.admin, path: ['status'] });
    const refusal = await standIn.waitForRequest(late, isCallback(4));
    expect((refusal.body as { data: { content: string } }).data.content).toContain('restarting');
    release({ title: 'Finished', severity: 'info', visibility: 'private' });
    await stopped;
    expect(embedsOf(await standIn.waitForRequest(underWay, isEditOriginal))[0]?.title).toBe('Finished');
    await standIn.waitFor(() => !standIn.gatewayConnected);
  });

  it('an operation missing from the catalogue (a stale registration) reaches the core, answered privately', async () => {
    const { standIn, adapter, invocations } = await harness();
    await adapter().start();
    const handle = standIn.chatInput({ by: MEMBERS.admin, path: ['kick'], options: { user: 'bob' } });
    expect(flagsOf(await standIn.waitForRequest(handle, isCallback(5)))).toBe(EPHEMERAL);
    await standIn.waitForRequest(handle, isEditOriginal);
    expect(invocations).toEqual([{ name: 'kick', values: {} }]);
  });

  it('another command name is refused without reaching the core', async () => {
    const { standIn, adapter, invocations } = await harness();
    await adapter().start();
    const handle = standIn.chatInput({ by: MEMBERS.admin, commandName: 'other', path: ['status'] });
    const refusal = await standIn.waitForRequest(handle, isCallback(4));
    expect(textOf(refusal)).toContain('/other is not a flashchat-ops command');
    expect(invocations).toEqual([]);
  });

  it('autocomplete with an empty room cache answers at once with nothing and refreshes in the background', async () => {
    const state = await harness();
    await state.adapter().start();
    // start() loads the room list once, for the first keystroke.
    expect(state.refreshes).toBe(1);
    const handle = state.standIn.autocomplete({
      by: MEMBERS.admin,
      path: ['who'],
      focused: 'room',
      options: { room: 'lo' },
    });
    const answer = await state.standIn.waitForRequest(handle, isCallback(8));
    expect(answer.body).toEqual({ type: 8, data: { choices: [] } });
    expect(state.refreshes).toBe(2);
  });

  it('autocomplete answers nothing for an option that is not a room', async () => {
    const { standIn, adapter } = await harness();
    await adapter({ rooms: [{ id: 1, name: 'Lobby' }] }).start();
    const handle = standIn.autocomplete({
      by: MEMBERS.admin,
      path: ['pm'],
      focused: 'user',
      options: { user: 'lo' },
    });
    expect((await standIn.waitForRequest(handle, isCallback(8))).body).toEqual({
      type: 8,
      data: { choices: [] },
    });
  });

  it('after the gateway drops, discord.js resumes the session and interactions flow again', async () => {
    const { standIn, adapter, invocations } = await harness();
    await adapter().start();
    standIn.dropGatewayConnections();
    await standIn.waitFor(() => standIn.resumes === 1 && standIn.gatewayConnected, 10_000);
    const handle = standIn.chatInput({ by: MEMBERS.admin, path: ['rooms'] });
    await standIn.waitForRequest(handle, isEditOriginal);
    expect(invocations.map((invocation) => invocation.name)).toEqual(['rooms']);
    expect(standIn.identifies).toBe(1);
  });
});
