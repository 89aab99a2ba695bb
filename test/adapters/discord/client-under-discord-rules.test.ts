import { DiscordAPIError } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { oneOffRest } from '../../../adapters/discord/command-sync.ts';
import {
  buildChatCommand,
  createDiscordAdapter,
  type DiscordAdapter,
  type DiscordCore,
  registerCommands,
  syncCommands,
} from '../../../adapters/discord/index.ts';
import { CATALOGUE } from '../../../src/catalogue/catalogue.ts';
import type { Operation } from '../../../src/catalogue/operation.ts';
import type { Reply } from '../../../src/replies/reply.ts';
import { bulkOverwriteProblems, problemLines } from '../../helpers/discord-command-rules.ts';
import {
  BOT_TOKEN,
  GUILD_ID,
  GUILDS,
  isCallback,
  isEditOriginal,
  MEMBERS,
} from '../../helpers/discord-stack.ts';
import {
  type DiscordStandIn,
  type InteractionHandle,
  startDiscordStandIn,
} from '../../helpers/discord-stand-in.ts';

/**
 * The real discord.js client and the adapter against a stand-in that refuses what Discord
 * refuses: heartbeats on a short interval, a zombied connection, Reconnect and Invalid Session,
 * 429s, the 3 s and 15 min deadlines, and command registration checked against the schema.
 */

const REPLY: Reply = { title: 'Done', severity: 'success', visibility: 'private' };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Harness {
  standIn: DiscordStandIn;
  logs: string[];
  invocations: string[];
  start(options?: { core?: Partial<DiscordCore>; catalogue?: readonly Operation[] }): Promise<DiscordAdapter>;
}

async function harness(heartbeatIntervalMs?: number): Promise<Harness> {
  // The deadlines on the test's clock: a first response is late only when a test moves the clock
  // past 3 s before it comes, never because the machine is slow (the wall clock is the stress runs').
  const standIn = await startDiscordStandIn({
    token: BOT_TOKEN,
    guilds: GUILDS,
    heartbeatIntervalMs,
    deadlineClock: 'test',
  });
  cleanups.push(() => standIn.close());
  const state: Harness = {
    standIn,
    logs: [],
    invocations: [],
    async start(options = {}) {
      const core: DiscordCore = {
        catalogue: options.catalogue ?? CATALOGUE,
        mayRun: () => true,
        handleInvocation: async (name) => {
          state.invocations.push(name);
          return REPLY;
        },
        answerConfirmation: async () => REPLY,
        refuseRequest: () => {},
        ...options.core,
      };
      const adapter = createDiscordAdapter({
        core,
        rooms: { cachedNames: () => [], refresh: async () => ({ rooms: [], warnings: [] }) },
        credentials: {
          token: BOT_TOKEN,
          applicationId: standIn.applicationId,
          guildId: GUILD_ID,
          apiUrl: standIn.apiUrl,
        },
        log: (message) => state.logs.push(message),
      });
      cleanups.push(() => adapter.stop());
      await adapter.start();
      return adapter;
    },
  };
  return state;
}

/** Runs `/chat status` and waits for its answer; returns the handle. */
async function answered(state: Harness, timeoutMs?: number): Promise<InteractionHandle> {
  const handle = state.standIn.chatInput({ by: MEMBERS.admin, path: ['status'] });
  await state.standIn.waitForRequest(
    handle,
    (request) => isEditOriginal(request) && request.status === 200,
    timeoutMs,
  );
  return handle;
}

const accepted = (request: { status?: number }) => request.status !== undefined && request.status < 300;

describe('the gateway’s heartbeats and reconnections', () => {
  it('with a 100 ms interval, heartbeats flow and each is ACKed; the session stays the one identified', async () => {
    const state = await harness(100);
    await state.start();
    const { gateway } = state.standIn;
    await state.standIn.waitFor(() => gateway.heartbeatAcks >= 5, 5_000);
    // Each heartbeat carries the last sequence number the client read (READY and both GUILD_CREATEs).
    const beats = state.standIn.framesReceived.filter((frame) => frame.op === 1);
    expect(beats.at(-1)?.d).toBeGreaterThanOrEqual(3);
    expect(gateway.heartbeatsUnanswered).toBe(0);
    expect([state.standIn.identifies, state.standIn.resumes]).toEqual([1, 0]);
    await answered(state);
    expect(state.invocations).toEqual(['status']);
  });

  it('when Discord asks for a heartbeat, the client sends one at once', async () => {
    const state = await harness();
    await state.start();
    expect(state.standIn.gateway.heartbeats).toBe(0);
    state.standIn.gateway.requestHeartbeat();
    await state.standIn.waitFor(() => state.standIn.gateway.heartbeatAcks === 1);
  });

  it('a zombied connection (no ACK): the client closes it, reconnects and RESUMEs; commands still work', async () => {
    const state = await harness(150);
    await state.start();
    const { standIn } = state;
    await standIn.waitFor(() => standIn.gateway.heartbeatAcks >= 1, 5_000);
    standIn.gateway.withholdHeartbeatAcks();
    await standIn.waitFor(() => standIn.resumes === 1 && standIn.gatewayConnected, 10_000);
    expect(standIn.gateway.heartbeatsUnanswered).toBeGreaterThanOrEqual(1);
    expect(standIn.identifies).toBe(1);
    // The new connection is ACKed again and the session goes on.
    const acks = standIn.gateway.heartbeatAcks;
    await standIn.waitFor(() => standIn.gateway.heartbeatAcks > acks, 5_000);
    await answered(state);
    expect(state.invocations).toEqual(['status']);
  });

  it('op 7 Reconnect: the client RESUMEs; an interaction sent while it is away is replayed and answered once', async () => {
    const state = await harness();
    await state.start();
    const { standIn } = state;
    standIn.gateway.requestReconnect();
    // The client closes at once and reconnects half a second later: in between, Discord keeps
    // what it dispatches for the session, and the RESUME replays it.
    await standIn.waitFor(() => !standIn.gatewayConnected);
    const away = standIn.chatInput({ by: MEMBERS.admin, path: ['rooms'] });
    await standIn.waitForRequest(away, isEditOriginal, 10_000);
    expect(standIn.resumes).toBe(1);
    expect(standIn.gateway.replayed).toBeGreaterThanOrEqual(1);
    expect(standIn.identifies).toBe(1);
    await answered(state);
    expect(state.invocations).toEqual(['rooms', 'status']);
    expect(standIn.requestsFor(away).filter(isCallback(5))).toHaveLength(1);
    // Both interactions got their first response, taken (in time on the stand-in's clock).
    expect(standIn.firstResponseReport()).toMatchObject({
      interactions: 2,
      responded: 2,
      late: 0,
      missing: 0,
    });
  });

  it('op 9 Invalid Session, not resumable: the client IDENTIFYs afresh; commands still work', async () => {
    const state = await harness();
    await state.start();
    const { standIn } = state;
    standIn.gateway.invalidateSessions(false);
    await standIn.waitFor(() => standIn.identifies === 2 && standIn.gatewayConnected, 10_000);
    expect(standIn.resumes).toBe(0);
    await answered(state);
    expect(state.invocations).toEqual(['status']);
  });

  it('op 9 Invalid Session, resumable: the client RESUMEs; commands still work', async () => {
    const state = await harness();
    await state.start();
    const { standIn } = state;
    standIn.gateway.invalidateSessions(true);
    await standIn.waitFor(() => standIn.resumes === 1, 10_000);
    expect(standIn.identifies).toBe(1);
    await answered(state);
    expect(state.invocations).toEqual(['status']);
  });
});

describe('429s', () => {
  it('a 429 on the first response: retried once, after retry_after, and taken; the command runs and is answered once', async () => {
    const state = await harness();
    await state.start();
    const { standIn } = state;
    standIn.rateLimitNext({
      method: 'POST',
      path: /^\/interactions\/[^/]+\/[^/]+\/callback$/,
      retryAfterMs: 400,
    });
    const handle = await answered(state, 10_000);
    const callbacks = standIn.requestsFor(handle).filter(isCallback(5));
    // A retry before retry_after had passed would have been refused again: exactly one 429.
    expect(callbacks.map((request) => request.status)).toEqual([429, 204]);
    // The refused attempt was its first response; the retry was still taken, in time on the stand-in's clock.
    expect(standIn.firstResponseReport([handle])).toMatchObject({ responded: 1, late: 0, missing: 0 });
    expect(state.invocations).toEqual(['status']);
    expect(
      standIn.requestsFor(handle).filter((request) => isEditOriginal(request) && accepted(request)),
    ).toHaveLength(1);
  });

  it('a global 429 on the answer: retried once after retry_after; answered once', async () => {
    const state = await harness();
    await state.start();
    const { standIn } = state;
    standIn.rateLimitNext({
      method: 'PATCH',
      path: /\/messages\/@original$/,
      retryAfterMs: 300,
      global: true,
    });
    const handle = await answered(state, 10_000);
    expect(
      standIn
        .requestsFor(handle)
        .filter(isEditOriginal)
        .map((request) => request.status),
    ).toEqual([429, 200]);
    expect(standIn.rateLimited).toHaveLength(1);
    expect(state.invocations).toEqual(['status']);
  });
});

describe('the deadlines', () => {
  it('every ordinary command gets one first response, taken in time on the stand-in’s clock', async () => {
    const state = await harness();
    await state.start();
    const handles = [await answered(state), await answered(state), await answered(state)];
    // The wall-clock 3 s is checked under load by the stress runs; here, the count and the order.
    expect(state.standIn.firstResponseReport(handles)).toMatchObject({
      interactions: 3,
      responded: 3,
      late: 0,
      missing: 0,
    });
    for (const handle of handles)
      expect(
        state.standIn
          .requestsFor(handle)
          .filter(isCallback(5))
          .map((request) => request.status),
      ).toEqual([204]);
  });

  it('an interaction whose first response would be late is refused (10062) and not run; the log says so, without the token', async () => {
    const state = await harness();
    await state.start();
    const { standIn } = state;
    const handle = standIn.chatInput({ by: MEMBERS.admin, path: ['status'] });
    // As if the client had received it 3 s late: the deferral it sends now is past the deadline.
    standIn.advanceClock(3_001);
    const refused = await standIn.waitForRequest(handle, isCallback(5));
    expect(refused.status).toBe(404);
    await standIn.waitFor(() => state.logs.some((line) => line.includes('Unknown interaction')));
    const line = state.logs.find((entry) => entry.includes('Unknown interaction')) ?? '';
    expect(line).toContain(`/chat (interaction ${handle.id}) failed`);
    expect(line).not.toContain(handle.token);
    expect(state.invocations).toEqual([]);
    // The next command is served as usual.
    await answered(state);
    expect(state.invocations).toEqual(['status']);
  });

  it('an answer after the token’s 15 minutes is refused (401 50027); logged without the token; the bot token still works', async () => {
    const state = await harness();
    let release: (reply: Reply) => void = () => {};
    const adapter = await state.start({
      core: {
        handleInvocation: (name) => {
          state.invocations.push(name);
          return new Promise<Reply>((resolve) => {
            release = resolve;
          });
        },
      },
    });
    const { standIn } = state;
    const handle = standIn.chatInput({ by: MEMBERS.admin, path: ['status'] });
    await standIn.waitForRequest(handle, isCallback(5));
    await standIn.waitFor(() => state.invocations.length === 1);
    standIn.advanceClock(15 * 60_000 + 1);
    release({ title: 'Far too late', severity: 'info', visibility: 'private' });
    const edit = await standIn.waitForRequest(handle, isEditOriginal);
    expect(edit.status).toBe(401);
    await standIn.waitFor(() => state.logs.some((line) => line.includes('Invalid Webhook Token')));
    expect(state.logs.join('\n')).not.toContain(handle.token);
    // A 401 on an interaction webhook is not the bot token's: the client keeps it, and posts with it.
    await adapter.alertSink.post('701', { title: 'Still here', severity: 'info', visibility: 'channel' });
    expect(standIn.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/channels/701/messages',
      authorization: `Bot ${BOT_TOKEN}`,
      status: 200,
    });
  });
});

describe('command registration against the documented schema', () => {
  it('/chat as the catalogue builds it passes; the adapter’s start-up sync and npm run register are taken', async () => {
    expect(problemLines(bulkOverwriteProblems([buildChatCommand(CATALOGUE)]))).toEqual([]);
    const state = await harness();
    await state.start();
    const { standIn } = state;
    expect(state.logs).toContain(`discord: /chat registered in server ${GUILD_ID}`);
    expect(
      await registerCommands({
        token: BOT_TOKEN,
        applicationId: standIn.applicationId,
        apiUrl: standIn.apiUrl,
      }),
    ).toEqual({ scope: 'global', commandNames: ['chat'] });
    expect(standIn.refusedRegistrations).toEqual([]);
    const registered = standIn.requests.filter((request) => request.method === 'PUT');
    expect(registered.map((request) => request.status)).toEqual([200, 200]);
  });

  /** The catalogue with one operation whose summary is empty: a subcommand description Discord refuses. */
  const badCatalogue = CATALOGUE.map((operation) =>
    operation.name === 'status' ? { ...operation, summary: '' } : operation,
  );

  it('a definition Discord refuses: the start-up sync logs the 50035 and the adapter still serves', async () => {
    const state = await harness();
    await state.start({ catalogue: badCatalogue });
    const { standIn } = state;
    const line = state.logs.find((entry) => entry.startsWith('discord: could not register /chat'));
    expect(line).toContain('Invalid Form Body');
    expect(line).toContain('BASE_TYPE_BAD_LENGTH');
    expect(standIn.refusedRegistrations).toHaveLength(1);
    expect(standIn.commands.get(GUILD_ID)).toBeUndefined();
    await answered(state);
  });

  it('a definition Discord refuses: syncCommands and registerCommands reject with the 50035, naming the field', async () => {
    const state = await harness();
    const { standIn } = state;
    const credentials = {
      token: BOT_TOKEN,
      applicationId: standIn.applicationId,
      guildId: GUILD_ID,
      apiUrl: standIn.apiUrl,
    };
    const bad = buildChatCommand(badCatalogue);
    const rejection = await syncCommands(oneOffRest(BOT_TOKEN, standIn.apiUrl), credentials, [bad]).catch(
      (error: unknown) => error,
    );
    expect(rejection).toBeInstanceOf(DiscordAPIError);
    expect((rejection as DiscordAPIError).code).toBe(50035);
    await expect(registerCommands(credentials, badCatalogue)).rejects.toMatchObject({
      code: 50035,
      status: 400,
    });
    // discord.js flattens Discord's errors into its message: the path to the field and the code.
    const at = (bad.options ?? []).findIndex((option) => option.name === 'status');
    expect(at).toBeGreaterThanOrEqual(0);
    expect((rejection as DiscordAPIError).message).toContain(
      `0.options[${at}].description[BASE_TYPE_BAD_LENGTH]: Must be between 1 and 100 in length.`,
    );
    expect(standIn.refusedRegistrations).toHaveLength(2);
    expect(standIn.commands.get(GUILD_ID)).toBeUndefined();
  });
});
