import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatOpsConfig } from '../src/config/index.ts';
import type { EmulatorRoomOption } from '../src/emulator/index.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from '../src/runtime/create-runtime.ts';
import { API_PASSWORD, configForEmulator } from '../test/e2e/harness.ts';
import { benchProcess } from './programs.ts';

/** The product as test/e2e/harness.ts builds it, but with the emulator in a process of its own. */
export interface RemoteStack {
  runtime: Runtime;
  /** The configuration the runtime was built from. */
  config: ChatOpsConfig;
  folder: string;
  /** `<folder>/data`: the emulator's status files, under `default/`. */
  dataDir: string;
  serverApiPort: number;
  /** The emulator's HTTP Data API. */
  httpPort: number;
  /** What the runtime reported (internal errors, audit failures). */
  problems: string[];
  close(): Promise<void>;
}

export interface RemoteStackOptions {
  rooms?: EmulatorRoomOption[];
  /** Users the emulator puts in a room before it answers. */
  join?: { roomId: number; users: number };
  /** Passed to createRuntime, e.g. shorter alert timings (the bench uses none). */
  runtime?: Pick<RuntimeOptions, 'alertTuning' | 'alertLog'>;
}

/**
 * Slack's, Discord's and the alerts' figures run against this: in production the chat server is
 * another process (usually another machine), so its work does not share the bot's event loop.
 */
export async function startRemoteStack(
  configYaml: string,
  options: RemoteStackOptions = {},
): Promise<RemoteStack> {
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-bench-'));
  const dataDir = join(folder, 'data');
  const emulator = await forkEmulator({
    port: 0,
    httpPort: 0,
    dataDir,
    password: API_PASSWORD,
    rooms: options.rooms,
    join: options.join,
  });
  try {
    const config = configForEmulator(configYaml, emulator, folder, dataDir);
    const problems: string[] = [];
    const runtime = await createRuntime(config, {
      secrets: [API_PASSWORD],
      report: (message) => problems.push(message),
      ...options.runtime,
    });
    await runtime.recorder?.start();
    return {
      runtime,
      config,
      folder,
      dataDir,
      serverApiPort: emulator.serverApiPort,
      httpPort: emulator.httpPort,
      problems,
      async close() {
        await runtime.close();
        await emulator.stop();
        await rm(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await emulator.stop();
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

interface ForkedEmulator {
  serverApiPort: number;
  httpPort: number;
  stop(): Promise<void>;
}

async function forkEmulator(options: Record<string, unknown>): Promise<ForkedEmulator> {
  // Built or from the sources, as this process runs (process.execArgv carries tsx's loader if any).
  const child: ChildProcess = fork(benchProcess('emulator-child'), [JSON.stringify(options)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ports = await new Promise<{ serverApiPort: number; httpPort: number }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { serverApiPort: number; httpPort: number }));
    child.once('exit', (code) =>
      reject(new Error(`bench: the emulator process exited (${code}) before it started`)),
    );
  });
  return {
    ...ports,
    async stop() {
      if (child.exitCode === null && child.connected) child.send('stop');
      await exited;
    },
  };
}
