import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { startEmulator } from '../../src/emulator/index.ts';
import { API_PASSWORD } from '../../test/e2e/harness.ts';
import { BOT_TOKEN as DISCORD_TOKEN, GUILD_ID, GUILDS, MEMBERS } from '../../test/helpers/discord-stack.ts';
import { startDiscordStandIn } from '../../test/helpers/discord-stand-in.ts';
import type { RunningPostgres } from '../../test/helpers/embedded-postgres.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../../test/helpers/slack-test-app.ts';
import { startSlackWebApiStandIn } from '../../test/helpers/slack-web-api-stand-in.ts';
import { type BenchOptions, type Figure, ms } from '../figure.ts';
import { benchProcess } from '../programs.ts';
import { summarise } from '../stats.ts';

const ALERTS_CHANNEL = 'C0ALERTS';
/** The default lease (state.leaseTime); --quick uses a shorter one so that the run stays short. */
const LEASE_MS = { full: 15_000, quick: 3_000 };
/** The target: a takeover within the lease, then the poll and the post within 2 s. */
const MARGIN_MS = 2_000;

const config = (leaseMs: number) => `
server: { pollInterval: 1s }
roles:
  admin: { allow: ["*"] }
bindings:
  slack: { users: { U0ADMIN: admin } }
  discord:
    users: { "${MEMBERS.admin.id}": admin }
    guilds: ["${GUILD_ID}"]
state: { store: postgres, leaseTime: ${leaseMs / 1000}s }
stats: { enabled: false }
alerts:
  probeInterval: 1h
  staleAfter: off
  rules:
    - name: lobby-busy
      roomUsers: 2
      margin: 1
      cooldown: 0s
      rooms: [1]
      channels: { slack: ${ALERTS_CHANNEL} }
`;

interface Instance {
  readonly child: ChildProcess;
  output: string;
}

/**
 * Failover: real bot processes (the app as `npm start` runs it) sharing one PostgreSQL, reading
 * the chat server over its Data API. The leader is killed with SIGKILL, then a room crosses its
 * alert threshold: the time from the kill to the alert reaching Slack is how long a dead leader
 * leaves the alerts unwatched. Then a fresh follower joins, and the next leader is killed, N times.
 */
export async function failoverFigures(postgres: RunningPostgres, options: BenchOptions): Promise<Figure[]> {
  const kills = options.quick ? 3 : 10;
  const leaseMs = options.quick ? LEASE_MS.quick : LEASE_MS.full;
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-bench-failover-'));
  const databaseUrl = await createDatabase(postgres.url, `failover_${randomBytes(4).toString('hex')}`);
  const emulator = await startEmulator({
    port: 0,
    httpPort: 0,
    dataDir: join(folder, 'data'),
    password: API_PASSWORD,
    rooms: [{ id: 1, name: 'Lobby', max: 50 }],
  });
  const slack = await startSlackWebApiStandIn();
  const discord = await startDiscordStandIn({ token: DISCORD_TOKEN, guilds: GUILDS });
  const instances: Instance[] = [];
  const alerts = () =>
    slack
      .callsTo('chat.postMessage')
      .filter((call) => call.params.channel === ALERTS_CHANNEL && call.status === 200);
  const start = async (): Promise<Instance> => {
    const home = await mkdtemp(join(folder, 'instance-'));
    await writeFile(join(home, 'chatops.yml'), config(leaseMs));
    const child = fork(benchProcess('app-child'), [], {
      cwd: home,
      env: {
        PATH: process.env.PATH,
        LOG_LEVEL: 'info',
        FLASHCHAT_API_PASSWORD: API_PASSWORD,
        FLASHCHAT_PORT: String(emulator.serverApiPort),
        FLASHCHAT_DATA_API_URL: `http://127.0.0.1:${emulator.httpPort}`,
        FLASHCHAT_STATUS_SOURCE: 'dataApi',
        CHATOPS_DATABASE_URL: databaseUrl,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_PORT: '0',
        SLACK_API_URL: slack.apiUrl,
        DISCORD_TOKEN,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_GUILD_ID: GUILD_ID,
        DISCORD_API_URL: discord.apiUrl,
        // As on machines of their own: a dead leader's lease is waited out, not taken at once.
        CHATOPS_INSTANCE_NAME: `machine-${instances.length}`,
      },
      execArgv: process.execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const instance: Instance = { child, output: '' };
    child.stderr?.on('data', (chunk: Buffer) => {
      instance.output += chunk.toString('utf8');
    });
    instances.push(instance);
    await waitFor(
      'an instance to start',
      () => instance.output.includes('flashchat-ops started'),
      60_000,
      instance,
    );
    return instance;
  };
  const leads = (instance: Instance) => /leadership: this instance \([^)]+\) leads/.test(instance.output);
  const users = ['ann', 'ben', 'cy'];
  try {
    let leader = await start();
    if (!leads(leader)) throw new Error(`bench: the first instance does not lead:\n${leader.output}`);
    let follower = await start();
    const samples: number[] = [];
    /** From the kill to the next leader's gateway session: how long Discord's interactions went unanswered. */
    const discordGaps: number[] = [];
    for (let kill = 0; kill < kills; kill += 1) {
      await waitFor('the follower to follow', () => /follows/.test(follower.output), 30_000, follower);
      const before = alerts().length;
      const sessionsBefore = discord.gateway.identifies;
      const killedAt = Date.now();
      leader.child.kill('SIGKILL');
      // The crossing comes just after the kill: only the next leader can see and post it.
      for (const user of users) emulator.state.join('default', 1, user);
      await waitFor(
        'the alert from the next leader',
        () => alerts().length > before,
        leaseMs + 30_000,
        follower,
      );
      const arrived = alerts()[before]?.at ?? Number.NaN;
      samples.push(arrived - killedAt);
      await waitFor(
        'the next leader on Discord',
        () => discord.gateway.identifies > sessionsBefore && discordReadyAt(follower) !== undefined,
        30_000,
        follower,
      );
      discordGaps.push((discordReadyAt(follower) ?? Number.NaN) - killedAt);
      for (const user of users) emulator.state.leave('default', 1, user);
      await waitFor('the recovery', () => alerts().length > before + 1, 30_000, follower);
      leader = follower;
      follower = await start();
    }
    const summary = summarise(samples);
    const max = Math.max(...samples);
    const target = leaseMs + MARGIN_MS;
    const gaps = summarise(discordGaps);
    const maxGap = Math.max(...discordGaps);
    const alertsFigure: Figure = {
      name: `failover: leader killed (SIGKILL) to the next leader's first alert, ${kills} kills, lease ${leaseMs / 1000} s`,
      measured: `p50 ${ms(summary.p50)}, max ${ms(max)}`,
      reference: `lease ${ms(leaseMs)}`,
      value: max,
      target: `max < lease + ${MARGIN_MS / 1000} s (${ms(target)})`,
      met: max < target,
      details: { kills, leaseMs, samplesMs: samples, p50: summary.p50, max },
    };
    return [
      alertsFigure,
      {
        name: `failover: leader killed to the next leader connected to Discord's gateway (Discord unanswered), ${kills} kills`,
        measured: `p50 ${ms(gaps.p50)}, max ${ms(maxGap)}`,
        reference: `lease ${ms(leaseMs)}`,
        value: maxGap,
        target: `max < lease + ${MARGIN_MS / 1000} s (${ms(target)})`,
        met: maxGap < target,
        details: { kills, leaseMs, samplesMs: discordGaps, p50: gaps.p50, max: maxGap },
      },
    ];
  } finally {
    for (const instance of instances) if (instance.child.exitCode === null) instance.child.kill('SIGKILL');
    await Promise.all(
      instances.map((instance) =>
        instance.child.exitCode === null && instance.child.signalCode === null
          ? new Promise((resolve) => instance.child.once('exit', resolve))
          : undefined,
      ),
    );
    await slack.close();
    await discord.close();
    await emulator.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

/** When the instance logged that it is connected to Discord (the log's own time, ms since the epoch). */
function discordReadyAt(instance: Instance): number | undefined {
  const line = instance.output.split('\n').find((text) => text.includes('discord: connected as'));
  const time = line === undefined ? undefined : /"time":(\d+)/.exec(line)?.[1];
  return time === undefined ? undefined : Number(time);
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

async function waitFor(
  what: string,
  done: () => boolean,
  timeoutMs: number,
  instance: Instance,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (instance.child.exitCode !== null)
      throw new Error(`bench: an instance exited while waiting for ${what}:\n${instance.output}`);
    if (Date.now() > deadline)
      throw new Error(`bench: timed out waiting for ${what}:\n${instance.output.slice(-3000)}`);
    await sleep(10);
  }
}
