import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';

export interface TestEmulator {
  readonly emulator: RunningEmulator;
  readonly dataDir: string;
  /** Reads a status file of a group; undefined when it does not exist. */
  readFile(name: string, group?: string): Promise<string | undefined>;
  listFiles(group?: string): Promise<string[]>;
  /** GET on the Data API. */
  fetch(path: string): Promise<Response>;
  close(): Promise<void>;
}

/** An emulator on ephemeral loopback ports with its own temporary data folder. */
export async function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const dataDir = await mkdtemp(join(tmpdir(), 'flashchat-emulator-test-'));
  const emulator = await startEmulator({ port: 0, httpPort: 0, ...options, dataDir });
  const folder = (group = 'default') => join(dataDir, group);
  return {
    emulator,
    dataDir,
    readFile: async (name, group) => {
      try {
        return await readFile(join(folder(group), name), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    listFiles: async (group) => (await readdir(folder(group))).sort(),
    fetch: (path) => fetch(`http://127.0.0.1:${emulator.httpPort}${path}`),
    close: async () => {
      await emulator.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
