import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPERATION_NAMES, PERMISSION_KEYS } from '../../src/catalogue/catalogue.ts';
import { parseConfig } from '../../src/config/index.ts';
import { createRuntime, type Runtime } from '../../src/runtime/create-runtime.ts';
import { closedPort, startTcpStandIn, type TcpStandIn } from './tcp-stand-in.ts';

export interface SilentServerStack {
  runtime: Runtime;
  /** The "chat server": accepts connections, reads commands, never answers. */
  server: TcpStandIn;
  timeoutMs: number;
  close(): Promise<void>;
}

/**
 * The runtime of test/e2e/harness.ts, but its chat server is a TCP peer that never answers: what
 * a hung 123 Flash Chat server looks like from here.
 */
export async function startSilentServerStack(
  configYaml: string,
  timeoutMs = 1500,
): Promise<SilentServerStack> {
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-slack-silent-'));
  const server = await startTcpStandIn(() => {});
  const password = 'silent-server-api-password-4410';
  const config = parseConfig(configYaml, {
    fileName: join(folder, 'chatops.yml'),
    env: {
      FLASHCHAT_API_PASSWORD: password,
      FLASHCHAT_PORT: String(server.port),
      FLASHCHAT_DATA_DIR: join(folder, 'data'),
      FLASHCHAT_DATA_API_URL: `http://127.0.0.1:${await closedPort()}`,
      FLASHCHAT_TIMEOUT_MS: String(timeoutMs),
    },
    permissionKeys: PERMISSION_KEYS,
    operationNames: OPERATION_NAMES,
  });
  const runtime = await createRuntime(config, { secrets: [password], report: () => {} });
  return {
    runtime,
    server,
    timeoutMs,
    async close() {
      await runtime.close();
      await server.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
