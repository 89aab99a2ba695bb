import { join } from 'node:path';
import { AlertEngine, type AlertEngineTuning, probeServerApi, STATE_FILE_NAME } from '../alerts/index.ts';
import { type AuditLog, openAuditLog } from '../audit/index.ts';
import { CATALOGUE, PERMISSION_KEYS } from '../catalogue/catalogue.ts';
import { CommandCore } from '../commands/command-core.ts';
import { createHelpIndex } from '../commands/help-index.ts';
import type { ChatOpsConfig } from '../config/index.ts';
import { createDataApiClient } from '../data-api/index.ts';
import { Metrics } from '../observability/metrics.ts';
import { createAccessPolicy } from '../permissions/index.ts';
import { createRoomDirectory, type RoomDirectory } from '../rooms/index.ts';
import { groupStatusFolder } from '../status/index.ts';
import { ServerApiClient } from '../transport/server-api-client.ts';

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
  /** Shorter alert timings (watch debounce, retry backoff), for tests. */
  alertTuning?: AlertEngineTuning;
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
  const statusFolder = (group: string) => groupStatusFolder(server.dataDir, group);
  const rooms = createRoomDirectory({
    dataApi,
    configuredNames: config.rooms,
    rememberedFile: join(config.state.dir, 'rooms.json'),
    statusFolder: statusFolder(server.group),
  });
  const metrics = new Metrics();
  const alerts = new AlertEngine({
    settings: config.alerts,
    group: server.group,
    statusFolder: statusFolder(server.group),
    stateFile: join(config.state.dir, STATE_FILE_NAME),
    probe: () => probeServerApi({ host: server.host, port: server.port }, server.timeoutMs),
    rooms,
    log: options.alertLog ?? options.report,
    tuning: options.alertTuning,
    observer: {
      attempted: (platform, result) => metrics.recordAlertPost(platform, result),
      queued: (platform, waiting) => metrics.setAlertsQueued(platform, waiting),
    },
  });
  const audit = await openAuditLog(config.audit.path, {
    secrets: [...options.secrets],
    onError: (error) => options.report(`audit log: ${error.message}`),
  });
  const policy = createAccessPolicy(config, PERMISSION_KEYS);
  const help = createHelpIndex(CATALOGUE, (identity, key) => policy.decide(identity, key).allowed);
  const core = new CommandCore({
    catalogue: CATALOGUE,
    services: { server: client, group: server.group, statusFolder, dataApi, rooms, audit, help, alerts },
    policy,
    audit,
    cooldownsMs: config.cooldowns,
    announceChanges: config.replies.announceChanges,
    confirmTimeoutMs: options.confirmTimeoutMs,
    onAttemptFinished: (entry, serverErrorKind) => metrics.recordAttempt(entry, serverErrorKind),
    onInternalError: (error) =>
      options.report(
        `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      ),
  });
  return {
    core,
    audit,
    rooms,
    metrics,
    alerts,
    close: async () => {
      await alerts.stop();
      await audit.close();
    },
  };
}
