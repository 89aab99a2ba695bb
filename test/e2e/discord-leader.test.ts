import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { type AppProcess, startAppProcess } from '../helpers/app-process.ts';
import { BOT_TOKEN, GUILD_ID, GUILDS, isEditOriginal, MEMBERS, textOf } from '../helpers/discord-stack.ts';
import { type DiscordStandIn, startDiscordStandIn } from '../helpers/discord-stand-in.ts';
import { freshDatabase } from '../helpers/postgres.ts';

/**
 * Discord sends every interaction to every gateway session of a token, so with several
 * instances only the leader holds one: two real bot processes on one PostgreSQL, one Discord
 * stand-in. The leader connects, the follower does not; an interaction is answered once; when
 * the leader is killed outright, the follower connects once it takes the lease, and answers.
 */

const API_PASSWORD = 'discord-leader-api-pwd-40c2';
const LEASE_SECONDS = 3;
const CONFIG = `
roles:
  admin: { allow: ["*"] }
bindings:
  discord:
    users: { "${MEMBERS.admin.id}": admin }
    guilds: ["${GUILD_ID}"]
state: { store: postgres, leaseTime: ${LEASE_SECONDS}s }
`;

let emulator: RunningEmulator;
let discord: DiscordStandIn;
let database: { url: string; drop(): Promise<void> };
const folders: string[] = [];
const apps: AppProcess[] = [];

async function startInstance(): Promise<AppProcess> {
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-discord-leader-'));
  folders.push(folder);
  await writeFile(join(folder, 'chatops.yml'), CONFIG);
  const app = startAppProcess(folder, {
    FLASHCHAT_API_PASSWORD: API_PASSWORD,
    FLASHCHAT_PORT: String(emulator.serverApiPort),
    FLASHCHAT_DATA_API_URL: `http://127.0.0.1:${emulator.httpPort}`,
    FLASHCHAT_STATUS_SOURCE: 'dataApi',
    CHATOPS_DATABASE_URL: database.url,
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_GUILD_ID: GUILD_ID,
    DISCORD_API_URL: discord.apiUrl,
    // As on machines of their own: a dead leader's lease is waited out, not taken at once.
    CHATOPS_INSTANCE_NAME: `machine-${folders.length}`,
  });
  app.child.stdin.end();
  apps.push(app);
  await app.logMatch(/"msg":"flashchat-ops started"/, 30_000);
  return app;
}

/** `/chat status` by the admin; resolves with the text of the one answer it got. */
async function askStatus(): Promise<string> {
  const handle = discord.chatInput({ by: MEMBERS.admin, path: ['status'], options: {} });
  const answer = await discord.waitForRequest(handle, isEditOriginal);
  return textOf(answer);
}

beforeAll(async () => {
  const serverFolder = await mkdtemp(join(tmpdir(), 'flashchat-discord-leader-server-'));
  folders.push(serverFolder);
  emulator = await startEmulator({
    port: 0,
    httpPort: 0,
    dataDir: join(serverFolder, 'data'),
    password: API_PASSWORD,
    rooms: [{ id: 1, name: 'Lobby', max: 10 }],
  });
  discord = await startDiscordStandIn({ token: BOT_TOKEN, guilds: GUILDS });
  database = await freshDatabase();
}, 30_000);

afterAll(async () => {
  for (const app of apps)
    if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
  await Promise.all(apps.map((app) => app.exited));
  await discord?.close();
  await emulator?.stop();
  await database?.drop();
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

describe('Discord with two instances', () => {
  it('only the leader holds a gateway session; when it is killed the follower connects within the lease time and answers', async () => {
    const leader = await startInstance();
    const follower = await startInstance();
    await follower.logMatch(/leadership: this instance \([^)]+\) follows/);
    expect(discord.gateway.identifies).toBe(1);
    expect(leader.stderr).toMatch(/discord: connected as/);
    expect(follower.stderr).not.toMatch(/discord: connected as/);

    // Answered once: only one session received it.
    const handleCount = discord.requests.length;
    expect(await askStatus()).toContain('Chat server status');
    const callbacks = discord.requests
      .slice(handleCount)
      .filter((request) => request.method === 'POST' && request.path.includes('/callback'));
    expect(callbacks).toHaveLength(1);

    const killedAt = Date.now();
    leader.child.kill('SIGKILL');
    await leader.exited;
    await follower.logMatch(/discord: connected as/, (LEASE_SECONDS + 5) * 1000);
    const unansweredForMs = Date.now() - killedAt;
    expect(unansweredForMs).toBeLessThan((LEASE_SECONDS + 2) * 1000);
    expect(discord.gateway.identifies).toBe(2);
    expect(await askStatus()).toContain('Chat server status');
  }, 60_000);
});
