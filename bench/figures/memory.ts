import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulator } from '../../src/emulator/index.ts';
import { API_PASSWORD } from '../../test/e2e/harness.ts';
import { BOT_TOKEN as DISCORD_TOKEN, GUILD_ID, GUILDS } from '../../test/helpers/discord-stack.ts';
import { startDiscordStandIn } from '../../test/helpers/discord-stand-in.ts';
import { SIGNING_SECRET, BOT_TOKEN as SLACK_TOKEN } from '../../test/helpers/slack-test-app.ts';
import { startSlackWebApiStandIn } from '../../test/helpers/slack-web-api-stand-in.ts';
import type { BenchOptions, Figure } from '../figure.ts';
import { benchProcess, PACKAGE_ROOT } from '../programs.ts';

const LIMIT_MB = 150;

/** The node flags `npm start` runs the app with (package.json), so that this figure follows them. */
const START_FLAGS = startFlags();

function startFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const start = /\bnode((?:\s+--\S+)*)\s+dist\/app\/start\.js/.exec(manifest.scripts.start ?? '');
  if (!start) throw new Error('bench: the start script does not run node dist/app/start.js');
  return (start[1] ?? '')
    .trim()
    .split(/\s+/)
    .filter((flag) => flag !== '');
}

/** What a production deployment configures: both platforms, roles bound on each, one alert rule. */
const APP_CONFIG = `
roles:
  viewer:    { allow: [status, rooms, who, help] }
  moderator: { includes: [viewer], allow: [broadcast, pm, room.add, room.edit] }
  admin:     { allow: ["*"] }
bindings:
  slack: { users: { U0ADMIN: admin } }
  discord:
    users: { "111": admin }
    roles: { "222": moderator, "Chat Admins": admin }
    guilds: ["${GUILD_ID}"]
alerts:
  rules:
    - name: busy-room
      roomUsers: 50
      channels: { slack: C0ALERTS1, discord: "701" }
audit: { path: ./audit.jsonl }
state: { dir: ./state }
`;

interface Measured {
  rss: number;
  heapUsed: number;
  external: number;
  forcedGc: boolean;
  /** V8's young generation as committed: it grows under allocation and stays grown. */
  newSpaceMb: number;
}

const MB = 1024 * 1024;

/**
 * Memory: the RSS of the real app (app/start.ts, built, as `npm start` runs it) with the Slack
 * adapter (HTTP mode) and the Discord adapter connected to their stand-ins, idle, against a
 * process that has only loaded both SDKs. Each is a child process started the same way (node
 * --expose-gc on its bundle), measured by itself after settling and two forced collections.
 */
export async function idleMemory(options: BenchOptions): Promise<Figure> {
  const settleMs = options.quick ? 2_000 : 10_000;
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-bench-memory-'));
  const emulator = await startEmulator({
    port: 0,
    httpPort: 0,
    dataDir: join(folder, 'data'),
    password: API_PASSWORD,
  });
  const slack = await startSlackWebApiStandIn();
  const discord = await startDiscordStandIn({ token: DISCORD_TOKEN, guilds: GUILDS });
  const children: ChildProcess[] = [];
  try {
    const configPath = join(folder, 'chatops.yml');
    await writeFile(configPath, APP_CONFIG);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      CHATOPS_CONFIG: configPath,
      LOG_LEVEL: 'info',
      FLASHCHAT_API_PASSWORD: API_PASSWORD,
      FLASHCHAT_PORT: String(emulator.serverApiPort),
      FLASHCHAT_DATA_DIR: join(folder, 'data'),
      FLASHCHAT_DATA_API_URL: `http://127.0.0.1:${emulator.httpPort}`,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_PORT: '0',
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_GUILD_ID: GUILD_ID,
      DISCORD_API_URL: discord.apiUrl,
    };

    // The app: started once it says so (its log goes to standard error), then left alone to settle.
    const app = spawnChild('app-child', folder, env, children);
    let output = '';
    app.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const started = performance.now();
    while (!output.includes('flashchat-ops started')) {
      if (app.exitCode !== null) throw new Error(`bench: the app exited (${app.exitCode}):\n${output}`);
      if (performance.now() - started > 60_000) throw new Error(`bench: the app did not start:\n${output}`);
      await sleep(20);
    }
    if (!output.includes('Slack: listening') || !output.includes('discord: connected'))
      throw new Error(`bench: the app started without both platforms:\n${output}`);
    if (!discord.gatewayConnected) throw new Error('bench: the app is not connected to the Discord gateway');

    const bare = spawnChild('sdk-child', folder, { PATH: process.env.PATH }, children);
    await new Promise<void>((resolve, reject) => {
      bare.once('message', () => resolve());
      bare.once('exit', (code) => reject(new Error(`bench: the SDK process exited (${code})`)));
    });

    await sleep(settleMs);
    const [ours, floor] = [await measure(app), await measure(bare)];
    const rssMb = ours.rss / MB;
    const floorMb = floor.rss / MB;
    return {
      name: 'memory: RSS idle, Slack + Discord connected',
      measured: `${rssMb.toFixed(0)} MB (heap ${(ours.heapUsed / MB).toFixed(0)} MB)`,
      reference: `both SDKs loaded ${floorMb.toFixed(0)} MB (heap ${(floor.heapUsed / MB).toFixed(0)} MB)`,
      value: rssMb,
      target: `<= ${LIMIT_MB} MB (ours)`,
      met: rssMb <= LIMIT_MB,
      details: {
        settleMs,
        nodeFlags: START_FLAGS,
        forcedGc: ours.forcedGc && floor.forcedGc,
        ours: inMb(ours),
        sdksOnly: inMb(floor),
        differenceMb: rssMb - floorMb,
      },
    };
  } finally {
    await Promise.all(children.map(stopChild));
    await discord.close();
    await slack.close();
    await emulator.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

function spawnChild(
  program: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  children: ChildProcess[],
): ChildProcess {
  // Built, the children run plain JavaScript with npm start's node flags; from the sources,
  // process.execArgv carries tsx's loader to them.
  const child = fork(benchProcess(program), [], {
    cwd,
    env,
    execArgv: [...process.execArgv, ...START_FLAGS, '--expose-gc'],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  children.push(child);
  return child;
}

function measure(child: ChildProcess): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (typeof message !== 'object' || message === null || !('memory' in message)) return;
      child.off('message', onMessage);
      const { memory, forcedGc, newSpaceMb } = message as {
        memory: NodeJS.MemoryUsage;
        forcedGc: boolean;
        newSpaceMb: number;
      };
      resolve({
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        external: memory.external,
        forcedGc,
        newSpaceMb,
      });
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`bench: a measured process exited (${code})`)));
    child.send('measure');
  });
}

function inMb(measured: Measured) {
  return {
    rssMb: measured.rss / MB,
    heapUsedMb: measured.heapUsed / MB,
    externalMb: measured.external / MB,
    newSpaceMb: measured.newSpaceMb,
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
