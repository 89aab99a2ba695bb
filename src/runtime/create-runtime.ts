import { join } from 'node:path';
import {
  AlertEngine,
  type AlertEngineTuning,
  type AlertSink,
  probeServerApi,
  STATE_FILE_NAME,
} from '../alerts/index.ts';
import type { AuditLog } from '../audit/index.ts';
import { CATALOGUE, PERMISSION_KEYS } from '../catalogue/catalogue.ts';
import { AfterReply } from '../commands/after-reply.ts';
import { CommandCore } from '../commands/command-core.ts';
import { createHelpIndex } from '../commands/help-index.ts';
import type { ChatOpsConfig } from '../config/index.ts';
import { createDataApiClient, type DataApiClient } from '../data-api/index.ts';
import { Metrics } from '../observability/metrics.ts';
import { createAccessPolicy } from '../permissions/index.ts';
import type { ReplyAttachment } from '../replies/reply.ts';
import type { RoomDirectory } from '../rooms/index.ts';
import {
  holderProcessIsGone,
  instanceName,
  Leadership,
  type LeaderWork,
  type MigrationReport,
  openStateStore,
  type StateStore,
  type StateStoreSettings,
} from '../state/index.ts';
import { HOUR_MS, type OccupancyRecorder, type StatsService } from '../stats/index.ts';
import {
  chooseStatusSource,
  DataApiStatusFeed,
  dataApiStatusSource,
  FilesStatusFeed,
  filesStatusSource,
  groupStatusFolder,
  type StatusFeed,
  type StatusFeedError,
  type StatusSource,
  type StatusSourceChoice,
} from '../status/index.ts';
import { ServerApiClient } from '../transport/server-api-client.ts';
import { openAudit } from './open-audit.ts';
import { openHistory } from './open-history.ts';
import { openRoomDirectory } from './open-room-directory.ts';

export interface Runtime {
  core: CommandCore;
  audit: AuditLog;
  /** For adapters that offer room names as the user types (Discord autocomplete). */
  rooms: RoomDirectory;
  /**
   * Occupancy alerts: idle until the app calls `alerts.start([slackSink, discordSink])` with the
   * sinks its adapters created (no rules configured: stays idle); `close()` stops it.
   */
  alerts: AlertEngine;
  /** Counts every command attempt; served on /metrics when METRICS_PORT is set. */
  metrics: Metrics;
  /**
   * Occupancy history: recorded into the state store while this instance leads (started and
   * stopped with the background work, as often as leadership changes hands); undefined when
   * stats.enabled is false. Charts read the store on every instance.
   */
  recorder: OccupancyRecorder | undefined;
  /** Charts of the history (/chat stats, alerts with attachChart). */
  stats: StatsService;
  /** What status, rosters, alerts and history are read from, and why (for the start-up log). */
  statusSource: StatusSourceChoice;
  /** The same source as commands read it (the health check too). */
  status: StatusSource;
  /** What must outlive the process or be seen by every instance (cooldowns, confirmations). */
  state: StateStore;
  /** The state store's schema as found and as left at start, for the start-up log. */
  stateMigrations: MigrationReport;
  /** Whether this instance runs the background work now (/healthz says it). */
  leadership: Leadership;
  /**
   * Starts the work one instance runs for all, on this instance whenever it holds the lease: the
   * history, the alerts (posting through `sinks`), then `more` (the app's, e.g. Discord's gateway).
   */
  startBackground(sinks: readonly AlertSink[], more?: readonly LeaderWork[]): Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Every secret the process holds, masked wherever it could be written. */
  secrets: readonly string[];
  /** Problems no user sees (internal errors, audit write failures), for the process log. */
  report: (message: string) => void;
  /** How long a destructive operation waits for its confirmation; default 60 s. */
  confirmTimeoutMs?: number;
  /** Every alert sent or failed, and the engine's other news, one line each; default `report`. */
  alertLog?: (line: string) => void;
  /** Shorter alert timings (watch debounce, retry backoff), for tests; the watch's also apply to recording. */
  alertTuning?: AlertEngineTuning;
  /** How often every room is recorded when nothing changes; default one minute (tests shorten it). */
  statsSampleIntervalMs?: number;
  /**
   * The occupancy recorder's clock: the samples' times and "now" for the hourly maintenance (what
   * is folded into hours, what is past the retention). Tests step it through hours; default Date.now.
   */
  statsClock?: () => number;
  /** The command path's clock (cooldowns, confirmation deadlines, audit times); tests pin it. Default Date.now. */
  commandClock?: () => number;
  /**
   * This machine's name in the leader lease (CHATOPS_INSTANCE_NAME); default the host name. A
   * lease held by a process of the same machine that no longer runs is taken over at once.
   */
  machineName?: string;
  /** The Data API's poll interval, below the configuration's 1 s minimum, for tests; default server.pollInterval. */
  statusPollIntervalMs?: number;
}

/** Builds the platform-free core from a validated configuration: the one thing every adapter is given. */
export async function createRuntime(config: ChatOpsConfig, options: RuntimeOptions): Promise<Runtime> {
  const { server } = config;
  const client = new ServerApiClient({
    host: server.host,
    port: server.port,
    group: server.group,
    apiPassword: server.apiPassword,
    replyTimeoutMs: server.timeoutMs,
    maxConcurrent: server.maxConcurrent,
  });
  const dataApi =
    server.dataApiUrl === null
      ? undefined
      : createDataApiClient({ baseUrl: server.dataApiUrl, group: server.group, timeoutMs: server.timeoutMs });
  const folder = groupStatusFolder(server.dataDir, server.group);
  const statusSource = await chooseStatusSource({
    statusSource: server.statusSource,
    statusFolder: folder,
    dataApi: dataApi?.location,
  });
  const status = openStatusSource(statusSource, folder, dataApi);
  const metrics = new Metrics();
  const reportInternalError = (error: unknown) =>
    options.report(
      `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  const afterReply = new AfterReply(reportInternalError);
  // The state store before anything that keeps state: a database too new for this code stops the start here.
  const { store: state, migrations } = await openStateStore(stateStoreSettings(config));
  const sweeping = sweepExpiredEntries(state, reportInternalError);
  const rooms = await openRoomDirectory(config, state, {
    dataApi,
    status,
    log: options.alertLog ?? options.report,
    report: options.report,
    now: Date.now,
  });
  // The audit log first: nothing below is left running should it fail to open.
  const audit = await openAudit(config, state, {
    secrets: options.secrets,
    report: options.report,
    log: options.alertLog ?? options.report,
    afterReply,
    now: options.commandClock,
  });
  const alertLog = options.alertLog ?? options.report;
  // One status feed of the group, for the recorder and the alert engine both.
  const watchTuning = options.alertTuning?.watch;
  const feedOptions = {
    server: server.group,
    probe: () => probeServerApi({ host: server.host, port: server.port }, server.timeoutMs),
    onError: (error: StatusFeedError) => reportFeedError(error, { log: alertLog, report: options.report }),
  };
  let statusFeed: StatusFeed | undefined;
  if (config.stats.enabled || config.alerts.rules.length > 0) {
    statusFeed =
      status.kind === 'dataApi' && dataApi !== undefined
        ? new DataApiStatusFeed({
            ...feedOptions,
            client: dataApi,
            pollIntervalMs: options.statusPollIntervalMs ?? server.pollInterval,
          })
        : new FilesStatusFeed({
            ...feedOptions,
            folder,
            watch: watchTuning,
            reads: options.alertTuning?.statusReads,
          });
  }
  const history = await openHistory(config, state, {
    rooms,
    feed: statusFeed,
    log: alertLog,
    sampleIntervalMs: options.statsSampleIntervalMs,
    clock: options.statsClock,
  });
  // Which instance runs the background work (started by startBackground below).
  const leadership = new Leadership({
    leases: state.leases,
    lease: `watchers:${server.group}`,
    holder: instanceName(options.machineName),
    holderIsGone: (holder) => holderProcessIsGone(holder, options.machineName),
    leaseMs: config.state.leaseTime,
    log: alertLog,
  });
  const alerts = new AlertEngine({
    settings: config.alerts,
    group: server.group,
    // Without a feed (no rules, no history) the engine stays idle and never follows the folder.
    ...(statusFeed === undefined ? { statusFolder: folder } : { feed: statusFeed }),
    // The alert state, mutes and outbox in the state store; alerts.json (before the store) imported once.
    store: state,
    importFile: join(config.state.dir, STATE_FILE_NAME),
    rooms,
    log: options.alertLog ?? options.report,
    leader: () => leadership.status().leader,
    tuning: options.alertTuning,
    observer: {
      attempted: (platform, result) => metrics.recordAlertPost(platform, result),
      queued: (platform, waiting) => metrics.setAlertsQueued(platform, waiting),
    },
    chart: history.stats.enabled ? (subject) => lastHourChart(history.stats, subject.roomId) : undefined,
  });
  const policy = createAccessPolicy(config, PERMISSION_KEYS);
  const help = createHelpIndex(CATALOGUE, (identity, key) => policy.decide(identity, key).allowed);
  const core = new CommandCore({
    catalogue: CATALOGUE,
    services: {
      server: client,
      group: server.group,
      status,
      dataApi,
      rooms,
      audit,
      help,
      alerts,
      stats: history.stats,
    },
    policy,
    audit,
    cooldownsMs: config.cooldowns,
    state,
    announceChanges: config.replies.announceChanges,
    confirmTimeoutMs: options.confirmTimeoutMs,
    now: options.commandClock,
    onAttemptFinished: (entry, serverErrorKind) => metrics.recordAttempt(entry, serverErrorKind),
    onInternalError: reportInternalError,
    afterReply,
  });
  const { recorder } = history;
  return {
    core,
    audit,
    rooms,
    metrics,
    alerts,
    recorder: history.recorder,
    stats: history.stats,
    statusSource,
    status,
    state,
    stateMigrations: migrations,
    leadership,
    startBackground: (sinks, more = []) =>
      leadership.start([
        ...(recorder === undefined
          ? []
          : [{ name: 'history', start: () => recorder.start(), stop: () => recorder.stop() }]),
        { name: 'alerts', start: () => alerts.start(sinks), stop: () => alerts.stop() },
        ...more,
      ]),
    close: async () => {
      clearInterval(sweeping);
      await leadership.stop();
      await alerts.stop();
      await history.recorder?.stop();
      await statusFeed?.close();
      await audit.close();
      await state.close();
    },
  };
}

/** SQLite in the state folder, or the PostgreSQL the environment names (parse-config refuses it unnamed). */
export function stateStoreSettings(config: ChatOpsConfig): StateStoreSettings {
  const { store, dir, databaseUrl } = config.state;
  if (store === 'postgres' && databaseUrl !== undefined) return { store: 'postgres', url: databaseUrl };
  return { store: 'sqlite', dir };
}

const SWEEP_EVERY_MS = 10 * 60_000;

/** Expired pages, prompts and redelivery keys are dropped now and then, so the store does not grow. */
function sweepExpiredEntries(state: StateStore, report: (error: unknown) => void): NodeJS.Timeout {
  const timer = setInterval(() => {
    state.entries.sweep(Date.now()).catch(report);
  }, SWEEP_EVERY_MS);
  timer.unref();
  return timer;
}

/** What commands read: the status files, or the Data API (the chooser only picks it when there is one). */
function openStatusSource(
  choice: StatusSourceChoice,
  folder: string,
  dataApi: DataApiClient | undefined,
): StatusSource {
  if (choice.kind === 'dataApi' && dataApi !== undefined) return dataApiStatusSource({ client: dataApi });
  return filesStatusSource(folder);
}

/** The source's troubles go where the alerts' lines go; a failed listener or read is an internal error. */
function reportFeedError(
  error: StatusFeedError,
  to: { log: (line: string) => void; report: (message: string) => void },
): void {
  if (error.kind === 'listener-failed' || error.kind === 'read-failed') {
    const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
    to.report(
      error.kind === 'listener-failed'
        ? `status watch: a listener failed: ${cause}`
        : `status feed: reading ${error.source} failed: ${cause}`,
    );
    return;
  }
  to.log(
    error.kind === 'source-trouble' ? `status feed: ${error.message}` : `status watch: ${error.message}`,
  );
}

/** An alert's chart: the last hour of its room, or of the logged-in users. */
async function lastHourChart(stats: StatsService, roomId: number | undefined): Promise<ReplyAttachment> {
  const chart = await stats.chart({
    room: roomId === undefined ? undefined : { id: roomId },
    periodMs: HOUR_MS,
    period: '1h',
  });
  return {
    fileName: chart.fileName,
    content: chart.png,
    mediaType: 'image/png',
    altText: chart.altText,
    textPreview: chart.sparkline,
  };
}
