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

/** A console user of its own for each command: with a cooldown, each takes a fresh slot in the store. */
const metaOf = (index: number) => ({
  identity: { platform: 'console' as const, userId: `bench-${index}`, userName: 'bench', groupIds: [] },
  channel: 'bench',
});

/**
 * With a cooldown on broadcast the store is on the command's path: the slot is reserved (one
 * statement) before the run, and moved while it runs. Without one (the core path figure's
 * configuration), a broadcast touches the store only in the audit append after the reply.
 */
const WITH_COOLDOWN = `${ADMIN_CONFIG}\ncooldowns: { broadcast: 1h }\n`;

const TARGET_P50_RATIO = 1.3;

interface StorePair {
  postgres: Runtime;
  sqlite: Runtime;
}

/**
 * The state store's cost: the same bot with its state in PostgreSQL (as several instances run)
 * and in SQLite (the embedded default), side by side in one process against one chat server in
 * its own process, commands alternated between them: the core command path (as the core figure
 * runs it, and with a cooldown), and Slack's ack through the real adapter (its redelivery guard is
 * in the store).
 */
export async function stateStoreFigures(postgres: RunningPostgres, options: BenchOptions): Promise<Figure[]> {
  const server = await startRemoteStack(ADMIN_CONFIG);
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-bench-stores-'));
  const runtimes: Runtime[] = [];
  const problems: string[] = [];
  const runtimeOn = async (configYaml: string, store: 'sqlite' | 'postgres'): Promise<Runtime> => {
    const home = await mkdtemp(join(folder, `${store}-`));
    const config = configForEmulator(
      store === 'postgres' ? `${configYaml}state: { store: postgres }\n` : configYaml,
      { serverApiPort: server.serverApiPort, httpPort: server.httpPort },
      home,
      server.dataDir,
      'auto',
      { CHATOPS_DATABASE_URL: postgres.url },
    );
    const runtime = await createRuntime(config, {
      secrets: [API_PASSWORD, postgres.url],
      report: (message) => problems.push(message),
    });
    runtimes.push(runtime);
    if (runtime.state.kind !== store)
      throw new Error(`bench: a runtime meant for ${store} is on ${runtime.state.kind}`);
    return runtime;
  };
  try {
    const plain: StorePair = { postgres: await runtimeOn(ADMIN_CONFIG, 'postgres'), sqlite: server.runtime };
    const cooled: StorePair = {
      postgres: await runtimeOn(WITH_COOLDOWN, 'postgres'),
      sqlite: await runtimeOn(WITH_COOLDOWN, 'sqlite'),
    };
    const figures = [
      await corePathByStore(plain, options, 'core command path (broadcast), state in PostgreSQL', true),
      await corePathByStore(
        cooled,
        options,
        'core command path (broadcast with a cooldown: a slot taken in the store), state in PostgreSQL',
        false,
      ),
      await slackAckByStore(plain, options),
      await statementByStore(plain, options),
    ];
    if (problems.length > 0)
      throw new Error(`bench: a runtime reported: ${problems.slice(0, 3).join(' | ')}`);
    return figures;
  } finally {
    for (const runtime of runtimes) await runtime.close();
    await server.close();
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * `judged`: the core path as the core figure runs it, held to the target; the cooldown variant is
 * reported beside it (its difference is one statement's round trip to PostgreSQL on the path).
 */
async function corePathByStore(
  pair: StorePair,
  options: BenchOptions,
  name: string,
  judged: boolean,
): Promise<Figure> {
  const iterations = options.quick ? 200 : 3000;
  const warmUp = options.quick ? 100 : 2000;
  let next = 0;
  const run = (runtime: Runtime) => async () => {
    const reply = await runtime.core.handleLine('broadcast hello', metaOf(next++));
    if (reply.title !== 'Broadcast sent')
      throw new Error(`bench: the broadcast was answered "${reply.title}"`);
  };
  for (let index = 0; index < warmUp; index += 1) {
    await run(pair.postgres)();
    await run(pair.sqlite)();
  }
  const samples = await interleaved(iterations, run(pair.postgres), run(pair.sqlite));
  const ours = summarise(samples.measured);
  const reference = summarise(samples.reference);
  const ratio = ours.p50 / reference.p50;
  return {
    name,
    measured: `${latency(ours)}; p50 ratio ${ratio.toFixed(2)}`,
    reference: `state in SQLite ${latency(reference)}`,
    value: ratio,
    target: judged ? `p50 ratio <= ${TARGET_P50_RATIO}` : 'reported',
    met: judged ? ratio <= TARGET_P50_RATIO : true,
    details: { iterations, warmUp, postgres: ours, sqlite: reference, ratio },
  };
}

async function slackAckByStore(pair: StorePair, options: BenchOptions): Promise<Figure> {
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
  const adapters = [adapterFor(pair.postgres), adapterFor(pair.sqlite)] as const;
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
        slashCommandBody('status', ADMIN, slack.responseUrl()),
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
      name: 'Slack: slash command to ack (/chat status), state in PostgreSQL',
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

/** One statement to each store (a cooldown slot looked up), alternated: what the cooldown variant adds. */
async function statementByStore(pair: StorePair, options: BenchOptions): Promise<Figure> {
  const iterations = options.quick ? 500 : 5000;
  const lookUp = (runtime: Runtime) => () =>
    runtime.state.cooldowns.heldUntil('bench\nbroadcast', Date.now());
  for (let index = 0; index < iterations / 5; index += 1) {
    await lookUp(pair.postgres)();
    await lookUp(pair.sqlite)();
  }
  const samples = await interleaved(iterations, lookUp(pair.postgres), lookUp(pair.sqlite));
  const ours = summarise(samples.measured);
  const reference = summarise(samples.reference);
  return {
    name: 'one statement to the state store (a cooldown slot looked up), PostgreSQL',
    measured: latency(ours),
    reference: `SQLite ${latency(reference)}`,
    value: ours.p50,
    target: 'reported',
    met: true,
    details: { iterations, postgres: ours, sqlite: reference },
  };
}
