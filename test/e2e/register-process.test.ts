import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectOutput } from '../helpers/child-output.ts';
import { BOT_TOKEN, GUILD_ID, GUILDS } from '../helpers/discord-stack.ts';
import { type DiscordStandIn, startDiscordStandIn } from '../helpers/discord-stand-in.ts';

/**
 * `npm run register` as a process: what the script runs (the build, then node on the bundle),
 * in a folder of its own so that only the test's environment and .env count, against the Discord
 * REST stand-in through DISCORD_API_URL.
 */

const ROOT = new URL('../..', import.meta.url).pathname;
const REGISTER_CLI = join(ROOT, 'dist/adapters/discord/register-cli.js');

let standIn: DiscordStandIn;
let folder: string;

beforeAll(async () => {
  // `npm run register` builds first; the build puts each file in place whole, so other runs are not disturbed.
  await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
  standIn = await startDiscordStandIn({ token: BOT_TOKEN, guilds: GUILDS });
  folder = await mkdtemp(join(tmpdir(), 'flashchat-register-'));
}, 60_000);

afterAll(async () => {
  await standIn?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function register(env: Record<string, string>, cwd = folder): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [REGISTER_CLI], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    const output = collectOutput(child);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: output.stdout, stderr: output.stderr }));
  });
}

const commandRequests = () => standIn.requests.filter((request) => request.path.includes('/commands'));

describe('npm run register', () => {
  it('registers /chat in the server named by .env, says so, and exits 0', async () => {
    const cwd = await mkdtemp(join(folder, 'dotenv-'));
    await writeFile(
      join(cwd, '.env'),
      `DISCORD_TOKEN=${BOT_TOKEN}\nDISCORD_APPLICATION_ID=${standIn.applicationId}\nDISCORD_GUILD_ID=${GUILD_ID}\nDISCORD_API_URL=${standIn.apiUrl}\n`,
    );
    const before = commandRequests().length;
    expect(await register({}, cwd)).toEqual({
      code: 0,
      stdout: `Registered /chat in server ${GUILD_ID}: it is available there now.\n`,
      stderr: '',
    });
    const [put] = commandRequests().slice(before);
    expect(put).toMatchObject({
      method: 'PUT',
      path: `/applications/${standIn.applicationId}/guilds/${GUILD_ID}/commands`,
      authorization: `Bot ${BOT_TOKEN}`,
    });
    expect(
      (standIn.commands.get(GUILD_ID) ?? []).map((command) => (command as { name: string }).name),
    ).toEqual(['chat']);
    expect(standIn.unhandled).toEqual([]);
  });

  it('without DISCORD_GUILD_ID registers globally, and says how to register in one server', async () => {
    const result = await register({
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_APPLICATION_ID: standIn.applicationId,
      DISCORD_API_URL: standIn.apiUrl,
    });
    expect(result).toEqual({
      code: 0,
      stdout:
        'Registered /chat globally, in every server the bot is in. Set DISCORD_GUILD_ID to register in one server only.\n',
      stderr: '',
    });
    expect(commandRequests().at(-1)).toMatchObject({
      method: 'PUT',
      path: `/applications/${standIn.applicationId}/commands`,
    });
    expect(
      (standIn.commands.get('global') ?? []).map((command) => (command as { name: string }).name),
    ).toEqual(['chat']);
  });

  it('a token Discord refuses: exit 1, what to do, and the token nowhere in the output', async () => {
    const refused = 'MTk5OTk5OTk5OTk5OTk5OTk5.GxRefused.not-the-bot-token_9d2c41';
    const before = commandRequests().length;
    const registered = standIn.commands.get(GUILD_ID);
    const result = await register({
      DISCORD_TOKEN: refused,
      DISCORD_APPLICATION_ID: standIn.applicationId,
      DISCORD_GUILD_ID: GUILD_ID,
      DISCORD_API_URL: standIn.apiUrl,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Discord refused the registration: /);
    expect(result.stderr).toContain(
      'DISCORD_TOKEN is not accepted: reset the token in the Developer Portal (Bot) and set it again.',
    );
    expect(result.stdout + result.stderr).not.toContain(refused);
    // The stand-in refused it with 401 (it was asked, with that token), and nothing changed.
    const asked = commandRequests().slice(before);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((request) => request.authorization === `Bot ${refused}`)).toBe(true);
    expect(standIn.commands.get(GUILD_ID)).toBe(registered);
  });

  it('not configured: exit 2, naming the variables, nothing asked', async () => {
    const before = standIn.requests.length;
    const result = await register({});
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'Cannot register /chat: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID for one server) in the environment or .env.\n',
    });
    expect(standIn.requests.length).toBe(before);
  });
});
