import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Reply } from '../../src/replies/reply.ts';
import { createRuntime, type Runtime } from '../../src/runtime/create-runtime.ts';
import { DEFAULT_DEBOUNCE_MS, groupStatusFolder, roomFileName } from '../../src/status/index.ts';
import { API_PASSWORD, configForEmulator } from '../../test/e2e/harness.ts';
import { startSlackTestApp } from '../../test/helpers/slack-test-app.ts';
import type { BenchOptions } from '../figure.ts';
import { interleaved, type LatencySummary, summarise, until } from '../stats.ts';
import { startChurnServer } from './churn-server.ts';
import { samplePeakMemory } from './peak-memory.ts';
import { readChangedFiles } from './read-changed-files.ts';
import { watchOnly } from './watch-only.ts';
import { profileWindow } from './window-profile.ts';

export type ScaleSource = 'files' | 'dataApi';

/** The size of a scale run: full, or `--quick` (CI keeps the figures working, it does not judge them). */
export interface ScaleSize {
  readonly rooms: number;
  readonly usersPerRoom: number;
  readonly changesPerSecond: number;
  readonly seconds: number;
  /** Alert crossings made during the churn, each in a room of its own. */
  readonly crossings: number;
  /** `/chat rooms` and `/chat who` each, timed during a further stretch of churn. */
  readonly commands: number;
}

export const FULL_SIZE: ScaleSize = {
  rooms: 5000,
  usersPerRoom: 20,
  changesPerSecond: 300,
  seconds: 30,
  crossings: 9,
  commands: 20,
};

export const QUICK_SIZE: ScaleSize = {
  rooms: 500,
  usersPerRoom: 20,
  changesPerSecond: 300,
  seconds: 5,
  crossings: 3,
  commands: 5,
};

export const THRESHOLD = 50;
const ALERTS_CHANNEL = 'C0ALERTS1';
/** The Data API's poll: the configuration's minimum, the most a busy bot would ask of itself. */
export const POLL_INTERVAL_MS = 1000;

/**
 * As production runs: one roomUsers rule on every room, posting to Slack; the occupancy history
 * on (the default); every timing the default but the Data API's poll.
 */
const SCALE_CONFIG = `
server: { pollInterval: ${POLL_INTERVAL_MS / 1000}s }
roles:
  admin: { allow: ["*"] }
bindings:
  console: { role: admin }
alerts:
  rules:
    - name: busy-room
      roomUsers: ${THRESHOLD}
      channels: { slack: ${ALERTS_CHANNEL} }
`;

const META = {
  identity: { platform: 'console' as const, userId: 'bench', userName: 'bench', groupIds: [] },
  channel: 'bench',
};

export interface ScaleResult {
  source: ScaleSource;
  size: ScaleSize;
  /** Room changes the chat server made in the measured window (the crossings not counted). */
  changes: number;
  windowMs: number;
  botCpuMs: number;
  emulatorCpuMs: number;
  /** The bot before the churn, every room read, after a full collection. */
  idle: { rssMb: number; heapUsedMb: number };
  /**
   * Over the measured window. Not over the commands' stretch: its references (GET rooms.xml of
   * 700 KB, twenty times) run in this process too, and their garbage is not the bot's.
   */
  peak: { rssMb: number; heapUsedMb: number };
  alertLatency: LatencySummary & { samples: number[] };
  rooms: { measured: LatencySummary; reference: LatencySummary };
  who: { measured: LatencySummary; reference: LatencySummary };
  /** Reading exactly the changed room files, once per change (read-changed-files.ts). */
  reference: { cpuMsPerFile: number; syncCpuMsPerFile: number; files: number };
  /** From the files only: a process that only watched the folder over the same window (watch-only.ts). */
  watchOnly?: { cpuMs: number; events: number };
}

/**
 * One scale run: the chat server (its own process) with `rooms` rooms of `usersPerRoom` users,
 * the bot (this process) reading the status files or the Data API, a churn of room changes, a
 * few threshold crossings during it, then `/chat rooms` and `/chat who` during more churn.
 */
export async function scaleRun(source: ScaleSource, options: BenchOptions): Promise<ScaleResult> {
  const size = options.quick ? QUICK_SIZE : FULL_SIZE;
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-bench-scale-'));
  const dataDir = join(folder, 'data');
  const server = await startChurnServer({
    dataDir,
    password: API_PASSWORD,
    rooms: size.rooms,
    usersPerRoom: size.usersPerRoom,
    capacity: 100,
  });
  let runtime: Runtime | undefined;
  try {
    // The Data API's run is not given the status files, as a bot on another machine is not.
    const botDataDir = source === 'files' ? dataDir : join(folder, 'not-given-to-the-bot');
    const config = configForEmulator(SCALE_CONFIG, server, folder, botDataDir, source);
    const problems: string[] = [];
    const alertLog: string[] = [];
    runtime = await createRuntime(config, {
      secrets: [API_PASSWORD],
      report: (message) => problems.push(message),
      alertLog: (line) => alertLog.push(line),
    });
    const bot = runtime;
    const slack = await startSlackTestApp(bot.core);
    try {
      const arrivals: number[] = [];
      slack.api.answer('chat.postMessage', (params) => {
        arrivals.push(performance.timeOrigin + performance.now());
        return { body: { ok: true, channel: params.channel, ts: `${Math.floor(Date.now() / 1000)}.000100` } };
      });
      // As a single instance runs them: the history and the alerts, under its lease.
      await bot.startBackground([slack.adapter.alertSink]);
      await bot.alerts.settled();
      (globalThis as { gc?: () => void }).gc?.();
      await sleep(1000);
      const idleMemory = process.memoryUsage();

      // Rooms 1, 2, …: the crossings' rooms, left out of the churn so each crossing is its own.
      const crossingRooms = Array.from({ length: size.crossings }, (_, index) => index + 1);
      const windowMs = size.seconds * 1000;
      const memory = samplePeakMemory();
      const watcher = source === 'files' ? await watchOnly(groupStatusFolder(dataDir, 'default')) : undefined;
      const profile = await profileWindow(`scale-${source}`);
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await server.churn(size.changesPerSecond, crossingRooms);
      const changedAt: number[] = [];
      for (const [index, roomId] of crossingRooms.entries()) {
        await sleepUntil(started + ((index + 0.5) * windowMs) / size.crossings);
        changedAt.push(await server.cross(roomId, THRESHOLD - size.usersPerRoom + 5));
      }
      await sleepUntil(started + windowMs);
      const churned = await server.stopChurn();
      const cpu = process.cpuUsage(cpuBefore);
      const peak = memory.stop();
      await profile.stop();
      const watched = await watcher?.stop();

      // The commands run after the measured window, so their work is not counted per room change.
      await server.churn(size.changesPerSecond, crossingRooms);
      const commands = await timeCommands(bot, {
        source,
        statusFolder: groupStatusFolder(dataDir, 'default'),
        dataApiUrl: `http://127.0.0.1:${server.httpPort}`,
        whoRoom: size.crossings + 1,
        iterations: size.commands,
      });
      await server.stopChurn();

      await until(() => arrivals.length >= changedAt.length, 'the crossings’ alerts', 15_000, 5);
      await bot.alerts.settled();
      const posts = slack.api.callsTo('chat.postMessage');
      if (posts.length !== changedAt.length || posts.some((call) => call.params.channel !== ALERTS_CHANNEL))
        throw new Error(`bench: ${posts.length} alerts were posted for ${changedAt.length} crossings`);
      // Its news (alerts sent, taking the lead at start) is not trouble.
      const news = /^(alerts: sent to|leadership: this instance \([^)]+\) leads)/;
      const trouble = [...problems, ...alertLog.filter((line) => !news.test(line))];
      if (trouble.length > 0) throw new Error(`bench: the runtime reported: ${trouble[0]}`);
      const latencies = changedAt.map((at, index) => (arrivals[index] ?? Number.NaN) - at);

      await server.written();
      // The bot's batches: the changes of one debounce window.
      const batch = Math.max(1, Math.round((size.changesPerSecond * DEFAULT_DEBOUNCE_MS) / 1000));
      const reference = await readChangedFiles(
        groupStatusFolder(dataDir, 'default'),
        churned.changedRooms,
        batch,
      );
      return {
        source,
        size,
        changes: churned.changedRooms.length,
        windowMs: churned.elapsedMs,
        botCpuMs: (cpu.user + cpu.system) / 1000,
        emulatorCpuMs: churned.emulatorCpuMs,
        idle: { rssMb: idleMemory.rss / 2 ** 20, heapUsedMb: idleMemory.heapUsed / 2 ** 20 },
        peak: { rssMb: peak.rssMb, heapUsedMb: peak.heapUsedMb },
        alertLatency: { ...summarise(latencies), samples: latencies },
        ...commands,
        reference,
        ...(watched === undefined ? {} : { watchOnly: watched }),
      };
    } finally {
      await runtime.close();
      runtime = undefined;
      await slack.close();
    }
  } finally {
    await runtime?.close();
    await server.close();
    await rm(folder, { recursive: true, force: true });
  }
}

async function sleepUntil(at: number): Promise<void> {
  const wait = at - performance.now();
  if (wait > 0) await sleep(wait);
}

/**
 * `/chat rooms` and `/chat who`, each against what it cannot do without: the room list's one
 * request (GET rooms.xml), and the room's roster alone (its file, or GET roomonlineusers.xml).
 */
async function timeCommands(
  bot: Runtime,
  context: {
    source: ScaleSource;
    statusFolder: string;
    dataApiUrl: string;
    whoRoom: number;
    iterations: number;
  },
): Promise<Pick<ScaleResult, 'rooms' | 'who'>> {
  const command = async (line: string) => {
    const reply: Reply = await bot.core.handleLine(line, META);
    if (reply.severity === 'error') throw new Error(`bench: ${line}: ${reply.title}: ${reply.text ?? ''}`);
  };
  const get = async (path: string) => {
    const response = await fetch(`${context.dataApiUrl}/${path}`);
    if (response.status !== 200) throw new Error(`bench: GET ${path}: ${response.status}`);
    await response.text();
  };
  const rooms = await interleaved(
    context.iterations,
    () => command('rooms'),
    () => get('rooms.xml?group=default'),
  );
  const who = await interleaved(
    context.iterations,
    () => command(`who ${context.whoRoom}`),
    context.source === 'files'
      ? () => readFile(join(context.statusFolder, roomFileName(context.whoRoom)), 'utf8')
      : () => get(`roomonlineusers.xml?roomid=${context.whoRoom}`),
  );
  return {
    rooms: { measured: summarise(rooms.measured), reference: summarise(rooms.reference) },
    who: { measured: summarise(who.measured), reference: summarise(who.reference) },
  };
}
