import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { runConsoleAdapter } from '../adapters/console/console-adapter.ts';
import { PERMISSION_KEYS } from '../src/catalogue/catalogue.ts';
import { type ChatOpsConfig, ConfigError, demoConfig, loadConfigFile } from '../src/config/index.ts';
import { createRuntime } from '../src/runtime/create-runtime.ts';
import { type DemoServer, startDemoServer } from './demo.ts';

const USAGE = `Usage: npm start [-- --console]

Runs flashchat-ops. With no configuration (no chatops.yml, no FLASHCHAT_API_PASSWORD) it starts
a demo: an embedded 123 Flash Chat server and the console. Otherwise it reads CHATOPS_CONFIG
(default ./chatops.yml) and .env, and runs every platform whose credentials are set, and the
console when none is or when --console is given.`;

async function main(): Promise<number> {
  const args = parseArgs({
    options: { console: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  loadDotenv({ quiet: true });
  const env = process.env;
  const configPath = env.CHATOPS_CONFIG ?? './chatops.yml';
  const demo = env.CHATOPS_CONFIG === undefined && !(await exists(configPath)) && !env.FLASHCHAT_API_PASSWORD;

  let demoServer: DemoServer | undefined;
  let config: ChatOpsConfig;
  if (demo) {
    demoServer = await startDemoServer();
    config = demoConfig({
      port: demoServer.emulator.serverApiPort,
      dataDir: demoServer.dataDir,
      dataApiUrl: `http://127.0.0.1:${demoServer.emulator.httpPort}`,
      apiPassword: demoServer.apiPassword,
      // The demo's audit log and memory go with its throw-away data folder.
      baseDir: demoServer.dataDir,
    });
    process.stdout.write(demoBanner(demoServer));
  } else {
    try {
      config = await loadConfigFile(configPath, { env, permissionKeys: PERMISSION_KEYS });
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(
          `flashchat-ops cannot start: the configuration is not valid.\n${error.message}\n`,
        );
        return 2;
      }
      throw error;
    }
  }

  const runtime = await createRuntime(config, {
    secrets: [config.server.apiPassword],
    report: (message) => process.stderr.write(`${message}\n`),
  });
  const stop = async () => {
    await runtime.close();
    await demoServer?.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }

  // Slack and Discord adapters join here when their credentials are set; until then the console runs.
  await runConsoleAdapter({
    core: runtime.core,
    input: process.stdin,
    output: process.stdout,
    interactive: process.stdin.isTTY === true,
    attachmentsFolder: join(config.state.dir, 'attachments'),
  });
  await stop();
  return 0;
}

function demoBanner(demo: DemoServer): string {
  return `
flashchat-ops DEMO: an embedded 123 Flash Chat server on this machine, no real chat, no tokens.
  Server API  127.0.0.1:${demo.emulator.serverApiPort}    Data API  http://127.0.0.1:${demo.emulator.httpPort}/rooms.xml
  Status files ${demo.dataDir}/default/   (removed when the demo stops)
  You are bound to the admin role. Try: /chat help, /chat status, /chat rooms, /chat who Lobby
To run against a real server, Slack and Discord: copy .env.example to .env and chatops.example.yml
to chatops.yml, fill them in, and npm start again (see README.md).

`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `flashchat-ops stopped: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
