import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppProcess } from './app-process.ts';
import { appProcesses } from './app-processes.ts';
import {
  type SharedChatServer,
  type SharedChatServerOptions,
  startSharedChatServer,
} from './shared-chat-server.ts';

/**
 * Bot instances as real processes (app/start.ts), each on a folder of its own, sharing one chat
 * server (read over its Data API, as from other machines) and one PostgreSQL database.
 */
export interface InstanceProcesses extends SharedChatServer {
  /**
   * One more instance: `configYaml` as its chatops.yml, the environment pointing it at the chat
   * server and the database, plus `moreEnv`, and a machine name of its own; resolves once it has
   * logged that it started.
   */
  start(configYaml: string, moreEnv: Record<string, string>): Promise<{ app: AppProcess; folder: string }>;
  /** Kills every instance still running (SIGKILL), then closes the chat server, the database and the folders. */
  close(): Promise<void>;
}

export async function startInstanceProcesses(options: SharedChatServerOptions): Promise<InstanceProcesses> {
  const server = await startSharedChatServer(options);
  const apps = appProcesses();
  let machines = 0;
  return {
    ...server,
    async start(configYaml, moreEnv) {
      const folder = await server.folder();
      await writeFile(join(folder, 'chatops.yml'), configYaml);
      machines += 1;
      const app = apps.start(folder, {
        ...server.env('dataApi'),
        ...moreEnv,
        // As on machines of their own: a dead leader's lease is waited out, not taken at once.
        CHATOPS_INSTANCE_NAME: `machine-${machines}`,
      });
      await app.logMatch(/"msg":"flashchat-ops started"/, 30_000);
      return { app, folder };
    },
    async close() {
      await apps.stopAll();
      await server.close();
    },
  };
}
