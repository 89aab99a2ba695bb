import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppProcess } from '../helpers/app-process.ts';
import { BOT_TOKEN, GUILD_ID, GUILDS, isEditOriginal, MEMBERS, textOf } from '../helpers/discord-stack.ts';
import { type DiscordStandIn, startDiscordStandIn } from '../helpers/discord-stand-in.ts';
import { type InstanceProcesses, startInstanceProcesses } from '../helpers/instance-processes.ts';

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

let instances: InstanceProcesses;
let discord: DiscordStandIn;

async function startInstance(): Promise<AppProcess> {
  const { app } = await instances.start(CONFIG, {
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_GUILD_ID: GUILD_ID,
    DISCORD_API_URL: discord.apiUrl,
  });
  return app;
}

/** `/chat status` by the admin; resolves with the text of the one answer it got. */
async function askStatus(): Promise<string> {
  const handle = discord.chatInput({ by: MEMBERS.admin, path: ['status'], options: {} });
  const answer = await discord.waitForRequest(handle, isEditOriginal);
  return textOf(answer);
}

beforeAll(async () => {
  instances = await startInstanceProcesses({
    name: 'discord-leader',
    password: API_PASSWORD,
    rooms: [{ id: 1, name: 'Lobby', max: 10 }],
  });
  discord = await startDiscordStandIn({ token: BOT_TOKEN, guilds: GUILDS });
}, 30_000);

afterAll(async () => {
  await instances?.close();
  await discord?.close();
});

describe('Discord with two instances', () => {
  it('only the leader holds a gateway session; when it is killed the follower connects once it takes the lease, and answers', async () => {
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

    leader.child.kill('SIGKILL');
    await leader.exited;
    // How long Discord goes unanswered is the benchmark's figure (failover over 10 kills).
    await follower.logMatch(/discord: connected as/, (LEASE_SECONDS + 5) * 1000);
    expect(discord.gateway.identifies).toBe(2);
    expect(await askStatus()).toContain('Chat server status');
  }, 60_000);
});
