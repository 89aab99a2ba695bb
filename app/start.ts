import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { runConsoleAdapter } from '../adapters/console/console-adapter.ts';
import { OPERATION_NAMES, PERMISSION_KEYS } from '../src/catalogue/catalogue.ts';
import { type ChatOpsConfig, ConfigError, demoConfig, loadConfigFile } from '../src/config/index.ts';
import { checkHealth } from '../src/observability/health.ts';
import { type ObservabilityServer, startObservabilityServer } from '../src/observability/http-endpoints.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createRuntime } from '../src/runtime/create-runtime.ts';
import { databaseSecrets } from '../src/state/index.ts';
import { type DemoServer, demoBanner, seedDemoHistory, startDemoServer } from './demo.ts';
import {
  createPlatformAdapters,
  PlatformConfigError,
  platformCredentials,
  platformSecrets,
} from './platforms.ts';

const USAGE = `Usage: npm start [-- --console] [-- --remote]

Runs flashchat-ops. With no configuration (no chatops.yml, no FLASHCHAT_API_PASSWORD) it starts
a demo: an embedded 123 Flash Chat server and the console. Otherwise it reads CHATOPS_CONFIG
(default ./chatops.yml) and .env, and runs every platform whose credentials are set (Slack,
Discord), and the console when none is or when --console is given. METRICS_PORT serves
/healthz and /metrics. --remote runs the demo with the HTTP Data API as its only source of
status (no status file is read), as a bot running away from the chat server does.`;

/** A command the core is still answering when SIGTERM arrives gets this long to finish. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<number> {
  const args = parseArgs({
    options: {
      console: { type: 'boolean' },
      remote: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  loadDotenv({ quiet: true });
  const env = process.env;
  const configPath = env.CHATOPS_CONFIG ?? './chatops.yml';
  const demo = env.CHATOPS_CONFIG === undefined && !(await exists(configPath)) && !env.FLASHCHAT_API_PASSWORD;

  const remote = args.values.remote === true;
  if (remote && !demo) {
    process.stderr.write(
      'flashchat-ops: --remote is for the demo. With a configuration, set server.statusSource: dataApi (or FLASHCHAT_STATUS_SOURCE=dataApi).\n',
    );
    return 2;
  }

  let credentials: ReturnType<typeof platformCredentials>;
  let config: ChatOpsConfig;
  let demoServer: DemoServer | undefined;
  try {
    credentials = platformCredentials(env);
    if (demo) {
      demoServer = await startDemoServer({ remote });
      config = demoConfig({
        port: demoServer.emulator.serverApiPort,
        // --remote: the bot is given no status folder at all, only the Data API.
        ...(remote
          ? { dataDir: join(demoServer.dataDir, 'not-given-to-the-bot'), statusSource: 'dataApi' }
          : { dataDir: demoServer.dataDir }),
        dataApiUrl: `http://127.0.0.1:${demoServer.emulator.httpPort}`,
        apiPassword: demoServer.apiPassword,
        // The demo's audit log and memory go with its throw-away data folder.
        baseDir: demoServer.dataDir,
      });
      await seedDemoHistory(config);
    } else {
      config = await loadConfigFile(configPath, {
        env,
        permissionKeys: PERMISSION_KEYS,
        operationNames: OPERATION_NAMES,
      });
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof PlatformConfigError) {
      process.stderr.write(`flashchat-ops cannot start: the configuration is not valid.\n${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const secrets = [
    config.server.apiPassword,
    ...platformSecrets(credentials),
    ...databaseSecrets(config.state.databaseUrl),
  ];
  const logger = createLogger({ secrets, level: env.LOG_LEVEL ?? (demo ? 'warn' : 'info') });
  const runtime = await createRuntime(config, {
    secrets,
    report: (message) => logger.error(message),
    alertLog: (line) => logger.info(line),
    ...(env.CHATOPS_INSTANCE_NAME ? { machineName: env.CHATOPS_INSTANCE_NAME } : {}),
  });
  logger.info(`status: reading ${runtime.statusSource.why}`);
  logger.info(`state: ${describeStateStore(runtime)}`);
  const adapters = createPlatformAdapters(credentials, runtime, config.bindings, (line) => logger.info(line));
  const observability = await startMetrics(env.METRICS_PORT, runtime, config);

  let stopping: Promise<void> | undefined;
  const stop = (why: string) => {
    stopping ??= (async () => {
      // Stop taking commands first, let those under way finish (bounded), then flush the audit log.
      const stopped = Promise.allSettled(adapters.map((adapter) => adapter.stop()));
      if (adapters.length > 0)
        logger.info(
          `flashchat-ops stopping (${why}): no new commands are taken; those under way get up to ${SHUTDOWN_GRACE_MS / 1000} s to finish`,
        );
      if (!(await withDeadline(stopped, SHUTDOWN_GRACE_MS)))
        logger.warn(
          `flashchat-ops: commands were still under way after the ${SHUTDOWN_GRACE_MS / 1000} s shutdown grace; stopping without their answers`,
        );
      await runtime.close();
      await observability?.close();
      await demoServer?.stop();
      logger.info('flashchat-ops stopped');
    })();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop(signal).then(() => process.exit(0));
    });
  }
  // Output piped into a program that stopped reading (`npm start | head`) is not a crash: the
  // console stops taking lines (it watches its output too) and the run ends as usual.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') logger.error(`standard output: ${error.message}`);
  });

  for (const adapter of adapters) if (adapter.connects === 'every-instance') await adapter.start();
  // The leader's work: the history, the alerts, and the connections only one instance may hold.
  await runtime.startBackground(
    adapters.map((adapter) => adapter.alertSink),
    adapters
      .filter((adapter) => adapter.connects === 'leader-only')
      .map((adapter) => ({
        name: `${adapter.platform} connection`,
        start: () => adapter.start(),
        stop: () => adapter.standBy(),
      })),
  );
  if (demoServer) process.stdout.write(demoBanner(demoServer));
  logger.info(
    { platforms: adapters.map((adapter) => adapter.platform), metricsPort: observability?.port },
    'flashchat-ops started',
  );

  const runConsole = adapters.length === 0 || args.values.console === true;
  if (!runConsole) return new Promise<number>(() => {}); // runs until a signal
  await runConsoleAdapter({
    core: runtime.core,
    input: process.stdin,
    output: process.stdout,
    interactive: process.stdin.isTTY === true,
    attachmentsFolder: demoServer?.attachmentsFolder ?? join(config.state.dir, 'attachments'),
  });
  // With Slack or Discord running, the end of standard input does not stop the process.
  if (adapters.length > 0) return new Promise<number>(() => {});
  await stop('end of input');
  return 0;
}

async function startMetrics(
  portText: string | undefined,
  runtime: Awaited<ReturnType<typeof createRuntime>>,
  config: ChatOpsConfig,
): Promise<ObservabilityServer | undefined> {
  if (portText === undefined || portText === '') return undefined;
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`METRICS_PORT: "${portText}" is not a port number (0-65535)`);
  }
  const { server } = config;
  return startObservabilityServer({
    port,
    host: process.env.METRICS_HOST ?? '127.0.0.1',
    metrics: runtime.metrics,
    health: () =>
      checkHealth({
        server: { host: server.host, port: server.port },
        status: runtime.status,
        staleAfterMs: 5 * 60_000,
        probeTimeoutMs: Math.min(server.timeoutMs, 2_000),
        leadership: () => runtime.leadership.status(),
      }),
  });
}

function describeStateStore(runtime: Awaited<ReturnType<typeof createRuntime>>): string {
  const { from, to } = runtime.stateMigrations;
  const schema = from === to ? `schema ${to}` : `schema ${from} migrated to ${to}`;
  return `${runtime.state.kind} at ${runtime.state.location} (${schema})`;
}

/** Resolves true when `work` settles within `ms`, false when the deadline comes first. */
function withDeadline(work: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    timer.unref();
    void work.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `flashchat-ops stopped: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
