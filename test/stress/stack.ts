import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDiscordAdapter, type DiscordAdapter, discordAccess } from '../../adapters/discord/index.ts';
import { AcknowledgementGate } from '../../adapters/shared/acknowledgement-gate.ts';
import type { AlertEngineTuning } from '../../src/alerts/index.ts';
import type { AuditEntry } from '../../src/audit/index.ts';
import { OPERATION_NAMES, PERMISSION_KEYS } from '../../src/catalogue/catalogue.ts';
import { parseConfig } from '../../src/config/index.ts';
import { type EmulatorRoomOption, type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createRuntime, type Runtime } from '../../src/runtime/create-runtime.ts';
import { auditChainLines } from '../helpers/audit-chain.ts';
import { BOT_TOKEN as DISCORD_BOT_TOKEN, GUILD_ID, GUILDS } from '../helpers/discord-stack.ts';
import { type DiscordStandIn, startDiscordStandIn } from '../helpers/discord-stand-in.ts';
import {
  APP_TOKEN as SLACK_APP_TOKEN,
  BOT_TOKEN as SLACK_BOT_TOKEN,
  SIGNING_SECRET as SLACK_SIGNING_SECRET,
  type SlackTestApp,
  startSlackTestApp,
} from '../helpers/slack-test-app.ts';
import { type Produced, producedFrom } from '../security/secret-scan.ts';
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts';
import { type SlackSide, startSlackSide } from './slack-side.ts';

/**
 * The product on loopback for load and fault tests, as `npm start` assembles it: the emulator
 * (which can be killed and started again on the same ports), optionally a fault-injecting proxy
 * in front of its Server API, the configuration parsed as at start-up, the runtime, the app's
 * pino logger writing into memory, and the real Slack and Discord adapters on their stand-ins.
 * Everything any of them writes is kept, for the secret scan.
 */

export const API_PASSWORD = 'stress-api-pwd-5f0c9b7e2a4d81c3Q';
/** Waits between tries of a failed response_url post (the fault tests script such failures). */
const RESPONSE_RETRY_DELAYS_MS: readonly number[] = [50, 100];

/** Every secret the process holds in these tests: the scan looks for each of them everywhere. */
export const ALL_SECRETS: readonly string[] = [
  API_PASSWORD,
  SLACK_SIGNING_SECRET,
  SLACK_BOT_TOKEN,
  SLACK_APP_TOKEN,
  DISCORD_BOT_TOKEN,
];

export interface StressStackOptions {
  config: string;
  rooms?: EmulatorRoomOption[];
  /** FLASHCHAT_TIMEOUT_MS; default 2000. */
  timeoutMs?: number;
  /** Put a FaultProxy between the bot and the emulator's Server API. */
  proxy?: boolean;
  confirmTimeoutMs?: number;
  alertTuning?: AlertEngineTuning;
}

export interface DiscordSide {
  standIn: DiscordStandIn;
  adapter: DiscordAdapter;
  /** Everything the adapter logged, as given to its log function. */
  logs: string[];
}

export interface StressStack {
  folder: string;
  dataDir: string;
  /** `<dataDir>/default`, the group's status folder. */
  statusFolder: string;
  auditPath: string;
  /** The emulator running now (a new one after restartEmulator()). */
  emulator: RunningEmulator;
  /** Every emulator started, in order: their journals together hold every command carried out. */
  emulators: RunningEmulator[];
  proxy: FaultProxy | undefined;
  runtime: Runtime;
  /** The app logger's JSON lines (internal errors, audit failures, alert news). */
  logLines: string[];
  /** What the emulators logged. */
  emulatorLog: string[];
  slack: SlackTestApp | undefined;
  /** Slack's side of the load runs, in a process of its own (started with startSlack). */
  slackSide: SlackSide | undefined;
  discord: DiscordSide | undefined;
  startSlack(): Promise<SlackTestApp>;
  startDiscord(): Promise<DiscordSide>;
  /** Kills the emulator: both servers closed, open connections dropped. */
  stopEmulator(): Promise<void>;
  /** Starts a fresh emulator on the same ports and data folder. */
  restartEmulator(): Promise<void>;
  /** Every audit entry, once the appends under way are written. */
  auditEntries(): Promise<AuditEntry[]>;
  /** The `msg` of every broadcast any emulator carried out, in order. */
  broadcastsCarriedOut(): string[];
  /**
   * Every text the stack produced, for the secret scan: log lines (the app's, the adapters', the
   * emulator's), audit lines, every reply and message sent to Slack and Discord, every Web API and
   * REST request, and the gateway frames the client sent but IDENTIFY and RESUME.
   */
  produced(): Promise<Produced[]>;
  close(): Promise<void>;
}

export async function startStressStack(options: StressStackOptions): Promise<StressStack> {
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-stress-'));
  const dataDir = join(folder, 'data');
  const emulatorLog: string[] = [];
  const launch = (port: number, httpPort: number) =>
    startEmulator({
      port,
      httpPort,
      dataDir,
      password: API_PASSWORD,
      rooms: options.rooms,
      log: (line) => emulatorLog.push(line),
    });
  const first = await launch(0, 0);
  const proxy = options.proxy ? await startFaultProxy(first.serverApiPort) : undefined;
  // One gate for both adapters, as app/platforms.ts makes it.
  const acknowledgements = new AcknowledgementGate();
  const config = parseConfig(options.config, {
    fileName: join(folder, 'chatops.yml'),
    env: {
      FLASHCHAT_API_PASSWORD: API_PASSWORD,
      FLASHCHAT_PORT: String(proxy?.port ?? first.serverApiPort),
      FLASHCHAT_DATA_DIR: dataDir,
      FLASHCHAT_DATA_API_URL: `http://127.0.0.1:${first.httpPort}`,
      FLASHCHAT_TIMEOUT_MS: String(options.timeoutMs ?? 2000),
    },
    permissionKeys: PERMISSION_KEYS,
    operationNames: OPERATION_NAMES,
  });
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ secrets: ALL_SECRETS, level: 'info', destination });
  const runtime = await createRuntime(config, {
    secrets: ALL_SECRETS,
    report: (message) => logger.error(message),
    alertLog: (line) => logger.info(line),
    confirmTimeoutMs: options.confirmTimeoutMs,
    alertTuning: options.alertTuning,
  });
  await runtime.recorder?.start();

  let down = false;
  const stack: StressStack = {
    folder,
    dataDir,
    statusFolder: join(dataDir, 'default'),
    auditPath: config.audit.path,
    emulator: first,
    emulators: [first],
    proxy,
    runtime,
    logLines,
    emulatorLog,
    slack: undefined,
    slackSide: undefined,
    discord: undefined,
    async startSlack() {
      stack.slackSide = await startSlackSide();
      // Short waits between tries of a failed response_url post: the fault tests script failures.
      stack.slack = await startSlackTestApp(runtime.core, {
        bindings: config.bindings,
        responseRetryDelaysMs: RESPONSE_RETRY_DELAYS_MS,
        acknowledgements,
      });
      return stack.slack;
    },
    async startDiscord() {
      // Heartbeats every 2 s (Discord's are about 41 s apart), so the load runs show them flowing.
      const standIn = await startDiscordStandIn({
        token: DISCORD_BOT_TOKEN,
        guilds: GUILDS,
        heartbeatIntervalMs: 2_000,
      });
      const logs: string[] = [];
      const adapter = createDiscordAdapter({
        core: runtime.core,
        rooms: runtime.rooms,
        credentials: {
          token: DISCORD_BOT_TOKEN,
          applicationId: standIn.applicationId,
          guildId: GUILD_ID,
          apiUrl: standIn.apiUrl,
        },
        log: (message) => logs.push(message),
        acknowledgements,
        ...discordAccess(config.bindings),
      });
      await adapter.start();
      stack.discord = { standIn, adapter, logs };
      return stack.discord;
    },
    async stopEmulator() {
      down = true;
      await stack.emulator.stop();
    },
    async restartEmulator() {
      const { serverApiPort, httpPort } = stack.emulator;
      // The port was just released; on a busy machine binding it again may take a moment.
      for (let attempt = 1; ; attempt += 1) {
        try {
          stack.emulator = await launch(serverApiPort, httpPort);
          break;
        } catch (error) {
          if (attempt >= 20) throw error;
          await sleep(50);
        }
      }
      stack.emulators.push(stack.emulator);
      down = false;
    },
    async auditEntries() {
      return (await auditChainLines(runtime)).map((line) => JSON.parse(line) as AuditEntry);
    },
    broadcastsCarriedOut() {
      return stack.emulators.flatMap((emulator) =>
        emulator.acceptedCommands
          .filter((command) => command.type === 'broadcast')
          .map((command) => command.params.msg ?? ''),
      );
    },
    async produced() {
      const produced: Produced[] = [];
      produced.push(...producedFrom('app log line', logLines));
      produced.push(...producedFrom('emulator log line', emulatorLog));
      produced.push(...producedFrom('audit line', await auditChainLines(runtime)));
      if (stack.slack) {
        const { api, logs } = stack.slack;
        produced.push(...producedFrom('slack log line', logs));
        produced.push(...producedFrom('slack response_url message', api.responses));
        // The bot token goes to Slack's own Web API by design (auth.test passes it as `token`).
        const calls = api.calls.map(({ method, params: { token: _toSlack, ...params } }) => ({
          method,
          params,
        }));
        produced.push(...producedFrom('slack web api call', calls));
        produced.push(...producedFrom('slack upload', api.uploads));
      }
      if (stack.discord) {
        const { standIn, logs } = stack.discord;
        produced.push(...producedFrom('discord log line', logs));
        const requests = standIn.requests.map(({ method, path, query, body, files }) => ({
          method,
          path,
          query,
          body,
          files,
        }));
        produced.push(...producedFrom('discord request', requests));
        // IDENTIFY and RESUME carry the token by design; nothing else the client sends may.
        const frames = standIn.framesReceived.filter((frame) => frame.op !== 2 && frame.op !== 6);
        produced.push(...producedFrom('discord gateway frame', frames));
      }
      return produced;
    },
    async close() {
      await stack.discord?.adapter.stop();
      await stack.discord?.standIn.close();
      await stack.slack?.close();
      await stack.slackSide?.close();
      await runtime.close();
      await proxy?.close();
      if (!down) await stack.emulator.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Polls `condition` every 10 ms; throws naming `what` when it stays false for `timeoutMs`. */
export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
