import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorRoomOption, RunningEmulator } from '../../src/emulator/index.ts';
import { startEmulatorIn } from './loopback-emulator.ts';
import { freshDatabase } from './postgres.ts';

export type FreshDatabase = Awaited<ReturnType<typeof freshDatabase>>;

/**
 * How an instance reaches the chat server. `dataApi`: the Server API and the Data API only (the
 * status too), as from another machine. `files`: the status files in the emulator's data folder,
 * and no Data API at all.
 */
export type ChatServerReach = 'dataApi' | 'files';

/**
 * What several bot instances share in a test: one chat server (the emulator) and one fresh
 * PostgreSQL database; and the folders the instances live in, one each. The instances are their
 * owner's to stop before close().
 */
export interface SharedChatServer {
  readonly emulator: RunningEmulator;
  readonly database: FreshDatabase;
  /** A fresh folder under the system's temporary folder, removed at close. */
  folder(): Promise<string>;
  /** The environment that points an instance at the chat server and at the database. */
  env(reach: ChatServerReach): Record<string, string>;
  /** Stops the emulator, drops the database, removes the folders. */
  close(): Promise<void>;
}

export interface SharedChatServerOptions {
  /** In the folders' names, to tell whose they are. */
  readonly name: string;
  readonly password: string;
  readonly rooms: EmulatorRoomOption[];
}

export async function startSharedChatServer(options: SharedChatServerOptions): Promise<SharedChatServer> {
  const folders: string[] = [];
  const folderNamed = async (role: string) => {
    const folder = await mkdtemp(join(tmpdir(), `flashchat-${options.name}-${role}-`));
    folders.push(folder);
    return folder;
  };
  const removeFolders = () =>
    Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  const database = await freshDatabase();
  // The caller has nothing to close until this returns: a failed start removes what it made.
  const emulator = await startEmulatorIn(await folderNamed('server'), options.password, options.rooms).catch(
    async (error: unknown) => {
      await database.drop();
      await removeFolders();
      throw error;
    },
  );
  return {
    emulator,
    database,
    folder: () => folderNamed('instance'),
    env(reach) {
      return {
        FLASHCHAT_API_PASSWORD: options.password,
        FLASHCHAT_PORT: String(emulator.serverApiPort),
        ...(reach === 'dataApi'
          ? { FLASHCHAT_DATA_API_URL: `http://127.0.0.1:${emulator.httpPort}` }
          : { FLASHCHAT_DATA_DIR: emulator.dataDir }),
        FLASHCHAT_STATUS_SOURCE: reach,
        CHATOPS_DATABASE_URL: database.url,
      };
    },
    async close() {
      await emulator.stop();
      await database.drop();
      await removeFolders();
    },
  };
}
