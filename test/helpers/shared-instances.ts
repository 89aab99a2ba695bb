import { join } from 'node:path';
import { OPERATION_NAMES, PERMISSION_KEYS } from '../../src/catalogue/catalogue.ts';
import { type ChatOpsConfig, parseConfig } from '../../src/config/index.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime/create-runtime.ts';
import {
  type ChatServerReach,
  type SharedChatServer,
  type SharedChatServerOptions,
  startSharedChatServer,
} from './shared-chat-server.ts';

/**
 * Bot instances in this process (a runtime each, on a folder of its own) sharing one chat server
 * and one PostgreSQL database: instances as several machines would run them, without processes.
 */
export interface SharedInstances extends SharedChatServer {
  /**
   * A runtime built from a configuration file's text, parsed as at start-up in its folder, with
   * the environment pointing at the chat server and the database; closed at close().
   */
  instance(
    configYaml: string,
    options?: InstanceOptions,
  ): Promise<{ runtime: Runtime; config: ChatOpsConfig }>;
  /** Closes the runtimes, then the chat server, the database and the folders. */
  close(): Promise<void>;
}

export interface InstanceOptions extends Omit<Partial<RuntimeOptions>, 'secrets'> {
  /** Its folder (chatops.yml's, so its state.dir's); default a fresh one. */
  readonly folder?: string;
  /** Default `dataApi`. */
  readonly reach?: ChatServerReach;
  /** Secrets besides the API password and the database URL (an adapter's tokens). */
  readonly moreSecrets?: readonly string[];
}

export async function startSharedInstances(options: SharedChatServerOptions): Promise<SharedInstances> {
  const server = await startSharedChatServer(options);
  const runtimes: Runtime[] = [];
  return {
    ...server,
    async instance(configYaml, { folder, reach = 'dataApi', moreSecrets = [], ...runtimeOptions } = {}) {
      const home = folder ?? (await server.folder());
      const config = parseConfig(configYaml, {
        fileName: join(home, 'chatops.yml'),
        env: server.env(reach),
        permissionKeys: PERMISSION_KEYS,
        operationNames: OPERATION_NAMES,
      });
      const runtime = await createRuntime(config, {
        report: () => {},
        ...runtimeOptions,
        secrets: [options.password, server.database.url, ...moreSecrets],
      });
      runtimes.push(runtime);
      return { runtime, config };
    },
    async close() {
      await Promise.all(runtimes.map((runtime) => runtime.close()));
      await server.close();
    },
  };
}
