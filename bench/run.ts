import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ReplyPresenter as DiscordPresenter } from '../adapters/discord/reply-presenter.ts';
import { createInteractions } from '../adapters/shared/interactions.ts';
import { renderReply as renderSlackBlocks } from '../adapters/slack/render-blocks.ts';
import { ADMIN_CONFIG, startStack } from '../test/e2e/harness.ts';
import { DISCORD_CONFIG } from '../test/helpers/discord-stack.ts';
import { startPostgres } from '../test/helpers/embedded-postgres.ts';
import type { BenchOptions, Figure } from './figure.ts';
import { alertLatency } from './figures/alert-latency.ts';
import { coreCommandPath, throughput } from './figures/core-path.ts';
import { discordInteraction } from './figures/discord-interaction.ts';
import { failoverFigures } from './figures/failover.ts';
import { idleMemory } from './figures/memory.ts';
import { scaleFigures } from './figures/scale.ts';
import { slackAck } from './figures/slack-ack.ts';
import { stateStoreFigures } from './figures/state-stores.ts';
import { statsFigures } from './figures/stats-charts.ts';
import { BIG_ROOM_ID, whoOnBigRoom } from './figures/who-roster.ts';
import { PACKAGE_ROOT } from './programs.ts';
import { startRemoteStack } from './remote-stack.ts';

/** The groups of figures, in the order they run; `--only core,slack` runs some of them. */
const GROUPS: Record<string, (options: BenchOptions) => Promise<Figure[]>> = {
  async core(options) {
    const remote = await startRemoteStack(ADMIN_CONFIG);
    const figures: Figure[] = [];
    try {
      const bench = {
        runtime: remote.runtime,
        serverApiPort: remote.serverApiPort,
        server: 'own process',
      } as const;
      figures.push(await coreCommandPath(bench, options), await throughput(bench, options));
    } finally {
      await remote.close();
    }
    const local = await startStack(ADMIN_CONFIG);
    try {
      const bench = {
        runtime: local.runtime,
        serverApiPort: local.emulator.serverApiPort,
        server: 'this process',
      } as const;
      figures.push(await coreCommandPath(bench, options));
    } finally {
      await local.close();
    }
    return figures;
  },
  async who(options) {
    const arena = await startStack(ADMIN_CONFIG, [{ id: BIG_ROOM_ID, name: 'Arena', max: 20_000 }]);
    try {
      for (let index = 0; index < 10_000; index += 1)
        arena.emulator.state.join('default', BIG_ROOM_ID, `user${index}`);
      await arena.emulator.statusFilesWritten();
      // Each platform's rendering as its adapter does it: Block Kit (the first page, with its
      // paging buttons), embeds (every page laid out, the whole list attached).
      const discord = new DiscordPresenter(createInteractions({ pagesTtlMs: 15 * 60_000 }));
      return [
        await whoOnBigRoom(arena, options, {
          slack: (reply) => renderSlackBlocks(reply, { pagesKey: 'bench' }),
          discord: (reply) => discord.present(reply, 'bench'),
        }),
      ];
    } finally {
      await arena.close();
    }
  },
  async slack(options) {
    const stack = await startRemoteStack(ADMIN_CONFIG);
    try {
      return await slackAck(stack, options);
    } finally {
      await stack.close();
    }
  },
  async discord(options) {
    const stack = await startRemoteStack(DISCORD_CONFIG);
    try {
      return [await discordInteraction(stack, options)];
    } finally {
      await stack.close();
    }
  },
  alerts: async (options) => [await alertLatency(options)],
  memory: async (options) => [await idleMemory(options)],
  stats: (options) => statsFigures(options),
  // One PostgreSQL (embedded-postgres's binaries, on loopback) for the state store's figures.
  async instances(options) {
    const postgres = await startPostgres();
    try {
      return [...(await stateStoreFigures(postgres, options)), ...(await failoverFigures(postgres, options))];
    } finally {
      await postgres.stop();
    }
  },
  // Each source in a fresh process of its own: the second must not inherit the first's heap.
  scale: async (options) => [
    ...(await runGroupInItsOwnProcess('scale-files', options)),
    ...(await runGroupInItsOwnProcess('scale-dataApi', options)),
  ],
};

/** Parts of a group that run in processes of their own; not groups one can name in --only. */
const PARTS: Record<string, (options: BenchOptions) => Promise<Figure[]>> = {
  'scale-files': (options) => scaleFigures('files', options),
  'scale-dataApi': (options) => scaleFigures('dataApi', options),
};

/**
 * npm run bench [-- --quick] [-- --only core,who,slack,discord,alerts,memory,stats,instances,scale]: every
 * figure beside its reference, measured in the same run, on loopback only. Prints one table and
 * writes the same figures as JSON under bench/results/.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      // Internal: this process runs one group and hands its figures to the parent.
      group: { type: 'string' },
    },
  });
  const options: BenchOptions = { quick: values.quick ?? false };
  if (values.group !== undefined) {
    const group = GROUPS[values.group] ?? PARTS[values.group];
    if (group === undefined) throw new Error(`unknown figure group ${values.group}`);
    const send = process.send?.bind(process);
    if (send === undefined) throw new Error('--group is for the bench itself: use --only to run some groups');
    const figures = await group(options);
    await new Promise<void>((resolve, reject) =>
      send(figures, (error: Error | null) => (error ? reject(error) : resolve())),
    );
    return;
  }
  const only = values.only?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !(name in GROUPS)) ?? [];
  if (unknown.length > 0)
    throw new Error(
      `unknown figure group ${unknown.join(', ')}; the groups: ${Object.keys(GROUPS).join(', ')}`,
    );
  const machine = {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: process.platform,
  };

  const started = performance.now();
  const figures: Figure[] = [];
  const timings: Record<string, number> = {};
  for (const name of Object.keys(GROUPS)) {
    if (only !== undefined && !only.includes(name)) continue;
    const groupStarted = performance.now();
    figures.push(...(await runGroupInItsOwnProcess(name, options)));
    timings[name] = (performance.now() - groupStarted) / 1000;
  }
  const seconds = (performance.now() - started) / 1000;

  const rows = [
    ['figure', 'measured', 'reference (same run)', 'target', 'met'],
    ...figures.map((figure) => [
      figure.name,
      figure.measured,
      figure.reference,
      figure.target,
      figure.met ? 'yes' : 'NO',
    ]),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  process.stdout.write(
    `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, Node ${machine.node} (${machine.platform})${options.quick ? ', --quick' : ''}; ${seconds.toFixed(0)} s\n`,
  );
  process.stdout.write(
    `${[line(rows[0] ?? []), line(widths.map((width) => '-'.repeat(width))), ...rows.slice(1).map(line)].join('\n')}\n`,
  );

  const folder = join(PACKAGE_ROOT, 'bench', 'results');
  await mkdir(folder, { recursive: true });
  const file = join(
    folder,
    `${new Date().toISOString().replaceAll(':', '-')}${options.quick ? '-quick' : ''}.json`,
  );
  await writeFile(
    file,
    `${JSON.stringify({ machine, quick: options.quick, seconds, timings, figures }, null, 2)}\n`,
  );
  process.stdout.write(`Figures written to ${file}\n`);
}

/**
 * Each group runs in a fresh process with this one's flags: a figure must not inherit the heap or
 * the compiled code another group left behind. (Measured: the Slack figures after the core group
 * in the same process, p50 of a burst +7 ms and sequential p99 ratio 1.26; on their own, +3 ms
 * and 1.09. The core group runs the chat server in-process for its second figure and hammers the
 * command path with one command, which leaves shared code tuned to that.)
 */
async function runGroupInItsOwnProcess(name: string, options: BenchOptions): Promise<Figure[]> {
  const script = process.argv[1];
  if (script === undefined) throw new Error('bench: cannot tell which script is running');
  const child = fork(script, ['--group', name, ...(options.quick ? ['--quick'] : [])], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let figures: Figure[] | undefined;
  child.once('message', (message) => {
    figures = message as Figure[];
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0 || figures === undefined)
    throw new Error(`bench: the ${name} figures failed (their process exited with ${code})`);
  return figures;
}

main().then(
  // Nothing may keep the process: a client or a timer left behind is not a reason to wait.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
