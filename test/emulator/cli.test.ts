import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArguments } from '../../src/emulator/cli-options.ts';
import { collectOutput } from '../helpers/child-output.ts';
import { startTestEmulator } from './harness.ts';
import { command, PASSWORD, sendCommand } from './raw-socket.ts';

const CLI = join(import.meta.dirname, '../../src/emulator/cli.ts');

interface Cli {
  readonly child: ChildProcessWithoutNullStreams;
  readonly output: () => string;
  readonly errors: () => string;
  readonly exited: Promise<number | null>;
}

function runCli(args: string[]): Cli {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: 'pipe' });
  const written = collectOutput(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => written.stdout, errors: () => written.stderr, exited };
}

async function waitFor<T>(find: () => T | undefined, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((tick) => setTimeout(tick, 25));
  }
}

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('the emulator CLI as a process', () => {
  it('prints the real ports for --port 0, answers commands and exits 0 on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'flashchat-cli-test-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const cli = runCli([
      '--port',
      '0',
      '--http-port',
      '0',
      '--data-dir',
      dataDir,
      '--password',
      'cli-secret',
    ]);
    cleanups.push(async () => {
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    });

    const port = Number(await waitFor(() => /Server API: +127\.0\.0\.1:([0-9]+)/.exec(cli.output())?.[1]));
    const httpPort = Number(
      await waitFor(() => /Data API: +http:\/\/127\.0\.0\.1:([0-9]+)\/rooms\.xml/.exec(cli.output())?.[1]),
    );
    expect(port).toBeGreaterThan(0);
    expect(httpPort).toBeGreaterThan(0);
    expect(cli.output()).toContain(`Data folder:  ${dataDir}`);
    expect(cli.output()).toContain('password: (set)');
    expect(cli.output()).not.toContain('cli-secret');

    const reply = await sendCommand(port, command('broadcast', 'msg="hi"').replace(PASSWORD, 'cli-secret'));
    expect(reply.result).toBe('0');
    expect(await readFile(join(dataDir, 'default', 'online.txt'), 'utf8')).toBe('0|0|4\n');
    expect(await (await fetch(`http://127.0.0.1:${httpPort}/online.xml`)).text()).toContain('rn="4"');

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('stopped');
    expect(cli.output()).not.toContain('cli-secret');
  });

  it('--help prints the usage and exits 0', async () => {
    const cli = runCli(['--help']);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('Usage:');
    expect(cli.output()).toContain('--http-port');
  });

  it('a bad flag prints an error and the usage on stderr and exits 2', async () => {
    const cli = runCli(['--port', 'eighty']);
    expect(await cli.exited).toBe(2);
    expect(cli.errors()).toContain('error: --port: expected a port number from 0 to 65535');
    expect(cli.errors()).toContain('Usage:');
    expect(cli.output()).toBe('');
  });

  it('a port already taken makes it exit 1 with a clear error', async () => {
    const taken = await startTestEmulator();
    cleanups.push(() => taken.close());
    const cli = runCli([
      '--port',
      String(taken.emulator.serverApiPort),
      '--http-port',
      '0',
      '--data-dir',
      taken.dataDir,
    ]);
    expect(await cli.exited).toBe(1);
    expect(cli.errors()).toMatch(/could not start: .*EADDRINUSE/);
  });
});

describe('CLI arguments', () => {
  it('take --allow repeated and comma-separated', () => {
    const parsed = parseCliArguments(['--allow', '127.0.0.1,10.0.0.1', '--allow', ' ::1 ']);
    expect(parsed.help === false && parsed.options.allow).toEqual(['127.0.0.1', '10.0.0.1', '::1']);
  });

  it('default to the manual’s ports, ./data and no simulation', () => {
    expect(parseCliArguments([])).toEqual({
      help: false,
      options: {
        host: '127.0.0.1',
        port: 51127,
        httpPort: 35555,
        dataDir: './data',
        password: undefined,
        allow: undefined,
        simulate: false,
      },
    });
    const simulated = parseCliArguments(['--simulate', '--seed', '9', '--rate', '0.5']);
    expect(simulated.help === false && simulated.options.simulate).toEqual({ seed: 9, eventsPerSecond: 0.5 });
  });

  it.each([
    [['--port', '65536'], '--port: expected a port number from 0 to 65535'],
    [['--allow', 'localhost'], '--allow: expected IP addresses or *'],
    [['--rate', '2'], '--seed and --rate set up the simulation: add --simulate'],
    [['--simulate', '--rate', '0'], '--rate: expected more than 0 events per second'],
    [['--simulate', '--seed', 'x'], '--seed: expected a whole number'],
    [['--unknown'], "Unknown option '--unknown'"],
    [['positional'], 'positional'],
  ])('refuse %j', (args, message) => {
    expect(() => parseCliArguments(args)).toThrow(CliUsageError);
    expect(() => parseCliArguments(args)).toThrow(message);
  });
});
