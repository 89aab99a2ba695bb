import { CliUsageError, describeStartup, parseCliArguments, USAGE } from './cli-options.ts';
import { startEmulator } from './emulator.ts';

/**
 * `npm run emulator -- [options]` (the built bundle; `npx tsx src/emulator/cli.ts` from the sources): runs the emulator until SIGINT or SIGTERM, then closes
 * everything and exits 0. Exit 2 for a bad flag, 1 when the emulator cannot start.
 */

const EXIT_CANNOT_START = 1;
const EXIT_USAGE = 2;

async function main(argv: readonly string[]): Promise<void> {
  let command: ReturnType<typeof parseCliArguments>;
  try {
    command = parseCliArguments(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${USAGE}`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  if (command.help) {
    process.stdout.write(USAGE);
    return;
  }
  const emulator = await startEmulator({
    ...command.options,
    log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  }).catch((error: unknown) => {
    process.stderr.write(
      `error: the emulator could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = EXIT_CANNOT_START;
    return undefined;
  });
  if (emulator === undefined) return;
  process.stdout.write(`${describeStartup(emulator, command.options).join('\n')}\n`);

  // `once`: a second Ctrl+C falls through to Node's default and ends the process at once.
  const shutdown = (signal: NodeJS.Signals) => {
    process.stdout.write(`${signal}: stopping\n`);
    emulator.stop().then(
      () => {
        process.stdout.write('stopped\n');
        process.exitCode = 0;
      },
      (error: unknown) => {
        process.stderr.write(
          `error while stopping: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exitCode = EXIT_CANNOT_START;
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

await main(process.argv.slice(2));
