import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { OPERATION_NAMES, PERMISSION_KEYS } from '../../src/catalogue/catalogue.ts';
import { type ChatOpsConfig, parseConfig } from '../../src/config/index.ts';
import { type EmulatorRoomOption, type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createRuntime, type Runtime } from '../../src/runtime/create-runtime.ts';

export const API_PASSWORD = 'e2e-api-password-7731';

export interface Stack {
  emulator: RunningEmulator;
  runtime: Runtime;
  /** The configuration the runtime was built from, as the app would have it. */
  config: ChatOpsConfig;
  folder: string;
  auditPath: string;
  /** Runs lines through the real console adapter, as a pipe would; resolves with everything printed. */
  console(lines: readonly string[]): Promise<string>;
  close(): Promise<void>;
}

/**
 * The whole product on loopback: the emulator, a configuration file's text parsed as at
 * start-up, the runtime built from it, and the console adapter.
 */
export async function startStack(
  configYaml: string,
  rooms?: EmulatorRoomOption[],
  confirmTimeoutMs?: number,
  /** The command path's clock (cooldowns, confirmations): tests that step through time pin it. */
  commandClock?: () => number,
  /**
   * Where the bot reads status from. `dataApi`: the Data API only, the emulator's status files
   * on a folder the bot is not given, polled every 50 ms.
   */
  source: 'files' | 'dataApi' = 'files',
): Promise<Stack> {
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-e2e-'));
  const emulator = await startEmulator({
    port: 0,
    httpPort: 0,
    dataDir: join(folder, 'data'),
    password: API_PASSWORD,
    rooms,
  });
  const config =
    source === 'files'
      ? configForEmulator(configYaml, emulator, folder)
      : configForEmulator(configYaml, emulator, folder, join(folder, 'not-given-to-the-bot'), 'dataApi');
  const problems: string[] = [];
  const runtime = await createRuntime(config, {
    secrets: [API_PASSWORD],
    report: (message) => problems.push(message),
    confirmTimeoutMs,
    commandClock,
    ...(source === 'dataApi' ? { statusPollIntervalMs: 50 } : {}),
  });
  await runtime.recorder?.start();
  return {
    emulator,
    runtime,
    config,
    folder,
    auditPath: config.audit.path,
    async console(lines) {
      const printed = await runConsoleLines(runtime, folder, lines);
      if (problems.length > 0) throw new Error(`internal problems: ${problems.join('; ')}`);
      return printed;
    },
    async close() {
      await runtime.close();
      await emulator.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** Runs lines through the real console adapter, as a pipe would; resolves with everything printed. */
export async function runConsoleLines(
  runtime: Runtime,
  folder: string,
  lines: readonly string[],
): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  const done = runConsoleAdapter({
    core: runtime.core,
    input,
    output,
    interactive: false,
    attachmentsFolder: join(folder, 'attachments'),
    identity: { platform: 'console', userId: 'tester', userName: 'Tess', groupIds: [] },
  });
  input.end(`${lines.join('\n')}\n`);
  await done;
  return printed;
}

/**
 * A configuration file's text parsed as at start-up, with the environment pointing at this
 * emulator and its data folder (`<folder>/data`).
 */
export function configForEmulator(
  configYaml: string,
  emulator: Pick<RunningEmulator, 'serverApiPort' | 'httpPort'>,
  folder: string,
  dataDir = join(folder, 'data'),
  statusSource: 'files' | 'dataApi' | 'auto' = 'auto',
  /** More of the environment, e.g. CHATOPS_DATABASE_URL. */
  moreEnv: Record<string, string> = {},
) {
  return parseConfig(configYaml, {
    fileName: join(folder, 'chatops.yml'),
    env: {
      ...moreEnv,
      FLASHCHAT_API_PASSWORD: API_PASSWORD,
      FLASHCHAT_PORT: String(emulator.serverApiPort),
      FLASHCHAT_DATA_DIR: dataDir,
      FLASHCHAT_DATA_API_URL: `http://127.0.0.1:${emulator.httpPort}`,
      FLASHCHAT_TIMEOUT_MS: '2000',
      FLASHCHAT_STATUS_SOURCE: statusSource,
    },
    permissionKeys: PERMISSION_KEYS,
    operationNames: OPERATION_NAMES,
  });
}

export const ADMIN_CONFIG = `
rooms: { "9": Attic }
roles:
  viewer:    { allow: [status, rooms, who, help] }
  moderator: { includes: [viewer], allow: [broadcast, pm, room.add, room.edit] }
  admin:     { allow: ["*"] }
bindings:
  console: { role: admin }
  slack: { users: { U0ADMIN: admin, U0OTHER: admin, U0VIEW: viewer } }
`;
