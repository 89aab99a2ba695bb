import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppProcess, startAppProcess } from '../helpers/app-process.ts';
import { auditChainLinesIn } from '../helpers/audit-chain.ts';
import {
  BOT_TOKEN,
  EPHEMERAL,
  flagsOf,
  GUILD_ID,
  GUILDS,
  isCallback,
  isEditOriginal,
  MEMBERS,
  textOf,
} from '../helpers/discord-stack.ts';
import {
  type DiscordStandIn,
  type RecordedRequest,
  startDiscordStandIn,
} from '../helpers/discord-stand-in.ts';
import { closedPort, startTcpStandIn, type TcpStandIn } from '../helpers/tcp-stand-in.ts';

/**
 * `npm start` with Discord configured, as a real process (app/start.ts under node): the bot logs
 * in to the Discord stand-in (DISCORD_API_URL: REST, and the gateway /gateway/bot names), answers
 * an interaction, and stops on SIGTERM or SIGINT: the command under way is answered and audited,
 * later ones are refused, and it exits 0; a command that never finishes is given the 10 s grace,
 * then left, with a log line. A half-configured environment is refused before anything starts.
 * Its chat server is a TCP peer that answers each command only when the test says so.
 */

const API_PASSWORD = 'discord-proc-api-pwd-5e1a9c';
const CONFIG = `
roles:
  admin: { allow: ["*"] }
bindings:
  discord:
    users: { "${MEMBERS.admin.id}": admin }
    guilds: ["${GUILD_ID}"]
`;
/** The adapter's answer to an interaction that arrives while it stops (adapters/discord). */
const SHUTTING_DOWN = 'flashchat-ops is restarting; try again in a moment.';

interface Held {
  socket: Socket;
  type: string;
}

interface Run {
  folder: string;
  chat: TcpStandIn;
  held: Held[];
  discord: DiscordStandIn;
  app: AppProcess;
}

const runs: Run[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) {
    if (run.app.child.exitCode === null && run.app.child.signalCode === null) run.app.child.kill('SIGKILL');
    await run.app.exited;
    await run.discord.close();
    await run.chat.close();
    await rm(run.folder, { recursive: true, force: true });
  }
});

/** Answers a held command as the server does: a reply with result 0. */
function release(held: Held): void {
  held.socket.end(
    `<?xml version="1.0" encoding="UTF-8"?><Response type="${held.type}" result="0" message="done"/>\0`,
  );
}

async function startDiscordApp(env: Record<string, string> = {}): Promise<Run> {
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-discord-proc-'));
  const held: Held[] = [];
  const chat = await startTcpStandIn((socket, command) => {
    held.push({ socket, type: /type="([a-z_]+)"/.exec(command)?.[1] ?? 'unknown' });
  });
  const discord = await startDiscordStandIn({ token: BOT_TOKEN, guilds: GUILDS });
  await writeFile(join(folder, 'chatops.yml'), CONFIG);
  const app = startAppProcess(folder, {
    FLASHCHAT_API_PASSWORD: API_PASSWORD,
    FLASHCHAT_PORT: String(chat.port),
    FLASHCHAT_DATA_DIR: join(folder, 'data'),
    FLASHCHAT_DATA_API_URL: `http://127.0.0.1:${await closedPort()}`,
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_GUILD_ID: GUILD_ID,
    DISCORD_API_URL: discord.apiUrl,
    ...env,
  });
  app.child.stdin.end(); // the end of input must not stop a process serving Discord
  const run = { folder, chat, held, discord, app };
  runs.push(run);
  await app.logMatch(/"msg":"flashchat-ops started"/);
  return run;
}

/** The entries of the audit chain the process has committed so far (its SQLite state store). */
async function auditEntries(run: Run): Promise<Array<Record<string, unknown>>> {
  return auditChainLinesIn(join(run.folder, 'state')).map(
    (line) => JSON.parse(line) as Record<string, unknown>,
  );
}

/** `/chat broadcast <message>` by the admin; resolves once it is deferred. */
async function broadcast(run: Run, message: string) {
  const handle = run.discord.chatInput({ by: MEMBERS.admin, path: ['broadcast'], options: { message } });
  await run.discord.waitForRequest(handle, isCallback(5));
  return handle;
}

const contentOf = (request: RecordedRequest) =>
  (request.body as { data?: { content?: string } } | undefined)?.data?.content;

/** Everything the process wrote and sent where the token must not be. */
async function tokenLeaks(run: Run): Promise<string[]> {
  const places: Array<[string, string]> = [
    ['stdout', run.app.stdout],
    ['stderr', run.app.stderr],
    ['audit', JSON.stringify(await auditEntries(run))],
    ...run.discord.requests.map((request): [string, string] => [
      `${request.method} ${request.path}`,
      JSON.stringify([request.path, request.query, request.body]),
    ]),
  ];
  return places.filter(([, text]) => text.includes(BOT_TOKEN)).map(([where]) => where);
}

describe('npm start with Discord configured', () => {
  it('logs in through DISCORD_API_URL, registers /chat in the server and answers an interaction', async () => {
    const run = await startDiscordApp();
    expect(run.app.stderr).toContain(`discord: /chat registered in server ${GUILD_ID}`);
    expect(run.discord.identifies).toBe(1);
    expect(run.discord.commands.get(GUILD_ID)).toHaveLength(1);

    const handle = await broadcast(run, 'hello from the process');
    await run.discord.waitFor(() => run.held.length === 1);
    const [command] = run.held;
    if (command) release(command);
    const answer = await run.discord.waitForRequest(handle, isEditOriginal);
    expect(textOf(answer)).toContain('Broadcast sent');
    expect(textOf(answer)).toContain('hello from the process');
    expect(run.discord.unhandled).toEqual([]);

    run.app.child.kill('SIGTERM');
    expect(await run.app.exited).toBe(0);
    expect(await auditEntries(run)).toEqual([
      expect.objectContaining({
        platform: 'discord',
        operation: 'broadcast',
        decision: 'allowed',
        outcome: 'ok',
      }),
    ]);
    expect(await tokenLeaks(run)).toEqual([]);
  }, 30_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s with a command under way: no new command is taken, the one under way is answered and audited, exit 0',
    async (signal) => {
      const run = await startDiscordApp();
      const underWay = await broadcast(run, `finish me (${signal})`);
      await run.discord.waitFor(() => run.held.length === 1);

      run.app.child.kill(signal);
      await run.app.logMatch(new RegExp(`flashchat-ops stopping \\(${signal}\\)`));
      // Stopping: an interaction now is refused, privately, and reaches neither the core nor the server.
      const late = run.discord.chatInput({
        by: MEMBERS.admin,
        path: ['broadcast'],
        options: { message: 'too late' },
      });
      const refusal = await run.discord.waitForRequest(late, isCallback(4));
      expect(contentOf(refusal)).toBe(SHUTTING_DOWN);
      expect(flagsOf(refusal)).toBe(EPHEMERAL);

      // The command under way finishes now, and is answered.
      const [command] = run.held;
      if (command) release(command);
      const answer = await run.discord.waitForRequest(underWay, isEditOriginal);
      expect(textOf(answer)).toContain('Broadcast sent');
      expect(await run.app.exited).toBe(0);

      expect(run.held).toHaveLength(1);
      const audit = await auditEntries(run);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        platform: 'discord',
        operation: 'broadcast',
        parameters: { message: `finish me (${signal})` },
        decision: 'allowed',
        outcome: 'ok',
        result: '0',
      });
      expect(run.app.stderr).toContain('flashchat-ops stopped');
      expect(run.app.stderr).not.toContain('shutdown grace');
      expect(await tokenLeaks(run)).toEqual([]);
    },
    30_000,
  );

  it('a command that never finishes: after the 10 s grace the process stops without it, says so, and exits 0', async () => {
    // The server never answers, and the client would wait a minute for it: only the grace ends the wait.
    const run = await startDiscordApp({ FLASHCHAT_TIMEOUT_MS: '60000' });
    const underWay = await broadcast(run, 'never answered');
    await run.discord.waitFor(() => run.held.length === 1);

    run.app.child.kill('SIGTERM');
    await run.app.logMatch(/flashchat-ops stopping \(SIGTERM\)/);
    expect(await run.app.exited).toBe(0);

    const log = run.app.stderr;
    const graceAt = log.indexOf(
      'flashchat-ops: commands were still under way after the 10 s shutdown grace; stopping without their answers',
    );
    expect(graceAt).toBeGreaterThan(log.indexOf('flashchat-ops stopping (SIGTERM)'));
    expect(log.indexOf('flashchat-ops stopped', graceAt)).toBeGreaterThan(graceAt);
    // It was never answered, and nothing claims it was.
    expect(run.discord.requestsFor(underWay).filter(isEditOriginal)).toEqual([]);
    expect((await auditEntries(run)).filter((entry) => entry.outcome === 'ok')).toEqual([]);
    expect(await tokenLeaks(run)).toEqual([]);
  }, 30_000);
});

describe('npm start with Discord half-configured', () => {
  it.each<{ set: string; env: Record<string, string>; message: string }>([
    {
      set: 'DISCORD_TOKEN without DISCORD_APPLICATION_ID',
      env: { DISCORD_TOKEN: BOT_TOKEN },
      message:
        'DISCORD_APPLICATION_ID is not set: copy the Application ID from the Developer Portal (your application > General Information).',
    },
    {
      set: 'DISCORD_APPLICATION_ID without DISCORD_TOKEN',
      env: { DISCORD_APPLICATION_ID: '900000000000000001' },
      message:
        'DISCORD_TOKEN is not set, but DISCORD_APPLICATION_ID and DISCORD_API_URL are: set the bot token (Developer Portal > your application > Bot > Reset Token), or unset the other DISCORD_ variables to run without Discord.',
    },
  ])(
    '$set: refused at start, naming the variable, exit 2, nothing contacted',
    async ({ env, message }) => {
      const folder = await mkdtemp(join(tmpdir(), 'flashchat-discord-half-'));
      const discord = await startDiscordStandIn({ token: BOT_TOKEN, guilds: GUILDS });
      try {
        await writeFile(join(folder, 'chatops.yml'), CONFIG);
        const app = startAppProcess(folder, {
          FLASHCHAT_API_PASSWORD: API_PASSWORD,
          FLASHCHAT_DATA_DIR: join(folder, 'data'),
          DISCORD_API_URL: discord.apiUrl,
          ...env,
        });
        app.child.stdin.end();
        expect(await app.exited).toBe(2);
        expect(app.stdout).toBe('');
        expect(app.stderr).toBe(`flashchat-ops cannot start: the configuration is not valid.\n${message}\n`);
        expect(discord.requests).toEqual([]);
        expect(discord.framesReceived).toEqual([]);
      } finally {
        await discord.close();
        await rm(folder, { recursive: true, force: true });
      }
    },
    30_000,
  );
});
