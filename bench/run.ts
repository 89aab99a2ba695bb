import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ADMIN_CONFIG, startStack } from '../test/e2e/harness.ts';
import type { Figure } from './figure.ts';
import { coreCommandPath, throughput } from './figures/core-path.ts';
import { BIG_ROOM_ID, whoOnBigRoom } from './figures/who-roster.ts';

/**
 * npm run bench [-- --quick]: every figure beside its reference, measured in the same run, on
 * loopback only. Prints one table and writes the same figures as JSON under bench/results/.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  const options = { quick: values.quick ?? false };
  const machine = {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: process.platform,
  };

  const figures: Figure[] = [];
  const chat = await startStack(ADMIN_CONFIG);
  try {
    figures.push(await coreCommandPath(chat, options));
    figures.push(await throughput(chat, options));
  } finally {
    await chat.close();
  }
  const arena = await startStack(ADMIN_CONFIG, [{ id: BIG_ROOM_ID, name: 'Arena', max: 20_000 }]);
  try {
    for (let index = 0; index < 10_000; index += 1)
      arena.emulator.state.join('default', BIG_ROOM_ID, `user${index}`);
    await arena.emulator.statusFilesWritten();
    figures.push(await whoOnBigRoom(arena, options, {}));
  } finally {
    await arena.close();
  }

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
    `Machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}${options.quick ? ', --quick' : ''}\n`,
  );
  process.stdout.write(
    `${[line(rows[0] ?? []), line(widths.map((width) => '-'.repeat(width))), ...rows.slice(1).map(line)].join('\n')}\n`,
  );

  const folder = join(import.meta.dirname, 'results');
  await mkdir(folder, { recursive: true });
  const file = join(
    folder,
    `${new Date().toISOString().replaceAll(':', '-')}${options.quick ? '-quick' : ''}.json`,
  );
  await writeFile(file, `${JSON.stringify({ machine, quick: options.quick, figures }, null, 2)}\n`);
  process.stdout.write(`Figures written to ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
