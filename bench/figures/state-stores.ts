import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StateExpiringStore } from '../../adapters/shared/state-expiring-store.ts';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import { SLACK_EVENTS_PATH } from '../../adapters/slack/slack-methods.ts';
import { createRuntime, type Runtime } from '../../src/runtime/create-runtime.ts';
import { ADMIN_CONFIG, API_PASSWORD, configForEmulator } from '../../test/e2e/harness.ts';
import type { RunningPostgres } from '../../test/helpers/embedded-postgres.ts';
import { FORM, slashCommandBody } from '../../test/helpers/slack-requests.ts';
import { ADMIN, BOT_TOKEN, SIGNING_SECRET } from '../../test/helpers/slack-test-app.ts';
import { type BenchOptions, type Figure, latency } from '../figure.ts';
import { startRemoteStack } from '../remote-stack.ts';
import { startSlackSide } from '../slack-side.ts';
import { alternated, interleaved, summarise } from '../stats.ts';

const META = {
  identity: { platform: 'console' as const, userId: 'bench', userName: 'bench', groupIds: [] },
  channel: 'bench',
};

const TARGET_P50_RATIO = 1.3;

/**
 * The state store's cost: the same bot with its state in PostgreSQL (as several instances run)
 * and in SQLite (the embedded default), side by side in one process against one chat server in
 * its own process, commands alternated between them: the core command path, and Slack's ack
 * through the real adapter (its redelivery guard is in the store).
 */
export async function stateStoreFigures(postgres: RunningPostgres, options: BenchOptions): Promise<Figure[]> {
  const sqlite = await startRemoteStack(ADMIN_CONFIG);
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-bench-postgres-'));
  let shared: Runtime | undefined;
  try {
    const config = configForEmulator(
      `${ADMIN_CONFIG}\nstate: { store: postgres }\n`,
      { serverApiPort: sqlite.serverApiPort, httpPort: sqlite.httpPort },
      folder,
      sqlite.dataDir,
      'auto',
      { CHATOPS_DATABASE_URL: postgres.url },
    );
    const problems: string[] = [];
    shared = await createRuntime(config, {
      secrets: [API_PASSWORD, postgres.url],
      report: (message) => problems.push(message),
    });
    if (shared.state.kind !== 'postgres') throw new Error('bench: the second runtime is not on PostgreSQL');
    const figures = [
      await corePathByStore(shared, sqlite.runtime, options),
      await slackAckByStore(shared, sqlite.runtime, options),
    ];
    if (problems.length > 0)
      throw new Error(`bench: the PostgreSQL runtime reported: ${problems.slice(0, 3).join(' | ')}`);
    return figures;
  } finally {
    await shared?.close();
    await sqlite.close();
    await rm(folder, { recursive: true, force: true });
  }
}

async function corePathByStore(postgres: Runtime, sqlite: Runtime, options: BenchOptions): Promise<Figure> {
  const iterations = options.quick ? 200 : 3000;
  const warmUp = options.quick ? 100 : 2000;
  const run = (runtime: Runtime) => () => runtime.core.handleLine('broadcast hello', META);
  for (let index = 0; index < warmUp; index += 1) {
    await run(postgres)();
    await run(sqlite)();
  }
  const samples = await interleaved(iterations, run(postgres), run(sqlite));
  const ours = summarise(samples.measured);
  const reference = summarise(samples.reference);
  const ratio = ours.p50 / reference.p50;
  return {
    name: 'core command path (broadcast), state in PostgreSQL',
    measured: `${latency(ours)}; p50 ratio ${ratio.toFixed(2)}`,
    reference: `state in SQLite ${latency(reference)}`,
    value: ratio,
    target: `p50 ratio <= ${TARGET_P50_RATIO}`,
    met: ratio <= TARGET_P50_RATIO,
    details: { iterations, warmUp, postgres: ours, sqlite: reference, ratio },
  };
}

async function slackAckByStore(postgres: Runtime, sqlite: Runtime, options: BenchOptions): Promise<Figure> {
  const slack = await startSlackSide();
  const logs: string[] = [];
  const adapterFor = (runtime: Runtime): SlackAdapter =>
    createSlackAdapter({
      core: runtime.core,
      credentials: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, port: 0, apiUrl: slack.apiUrl },
      log: (message) => logs.push(message),
      host: '127.0.0.1',
      seenTriggers: new StateExpiringStore<true>(runtime.state.entries, 'slack-triggers'),
    });
  const adapters = [adapterFor(postgres), adapterFor(sqlite)] as const;
  try {
    for (const adapter of adapters) await adapter.start();
    const startLines = logs.length;
    const [pgUrl, sqliteUrl] = adapters.map(
      (adapter) => `http://127.0.0.1:${adapter.listeningPort}${SLACK_EVENTS_PATH}`,
    );
    let answersExpected = 0;
    // Each ack timed when it reaches Slack's side; then, untimed, its answer is awaited, so that no
    // command's work spills into the next measurement.
    const ack = async (url: string | undefined): Promise<number> => {
      if (url === undefined) throw new Error('bench: an adapter has no port');
      const [elapsed] = await slack.post(url, SIGNING_SECRET, FORM, [
        slashCommandBody('broadcast hello', ADMIN, slack.responseUrl()),
      ]);
      answersExpected += 1;
      await slack.responses(answersExpected);
      await sleep(2);
      return elapsed ?? Number.NaN;
    };
    for (let index = 0; index < (options.quick ? 100 : 1000); index += 1) {
      await ack(pgUrl);
      await ack(sqliteUrl);
    }
    const iterations = options.quick ? 300 : 3000;
    const samples = await alternated(
      iterations,
      () => ack(pgUrl),
      () => ack(sqliteUrl),
    );
    const failures = logs.slice(startLines);
    if (failures.length > 0)
      throw new Error(`bench: the Slack adapter logged: ${failures.slice(0, 3).join(' | ')}`);
    const ours = summarise(samples.measured);
    const reference = summarise(samples.reference);
    const ratio = ours.p50 / reference.p50;
    return {
      name: 'Slack: slash command to ack, state in PostgreSQL',
      measured: `${latency(ours)}; p50 ratio ${ratio.toFixed(2)}`,
      reference: `state in SQLite ${latency(reference)}`,
      value: ratio,
      target: `p50 ratio <= ${TARGET_P50_RATIO}`,
      met: ratio <= TARGET_P50_RATIO,
      details: { iterations, postgres: ours, sqlite: reference, ratio },
    };
  } finally {
    for (const adapter of adapters) await adapter.stop();
    await slack.close();
  }
}
