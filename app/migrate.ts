/**
 * npm run migrate: brings the state store's schema up to date without starting the bot (before
 * a rolling upgrade of several instances, say). Reads the same configuration as npm start
 * (CHATOPS_CONFIG, default ./chatops.yml, and .env); prints where the store is and what was done.
 * Exit 0: up to date; 2: the configuration is not valid; 1: the database refused (too new, or
 * unreachable), with the reason.
 */

import { config as loadDotenv } from 'dotenv';
import { OPERATION_NAMES, PERMISSION_KEYS } from '../src/catalogue/catalogue.ts';
import { ConfigError, loadConfigFile } from '../src/config/index.ts';
import { stateStoreSettings } from '../src/runtime/create-runtime.ts';
import { databaseSecrets, openStateStore } from '../src/state/index.ts';
import { secretMask } from '../src/text/secret-mask.ts';

async function main(): Promise<number> {
  loadDotenv({ quiet: true });
  const env = process.env;
  const configPath = env.CHATOPS_CONFIG ?? './chatops.yml';
  let settings: ReturnType<typeof stateStoreSettings>;
  try {
    const config = await loadConfigFile(configPath, {
      env,
      permissionKeys: PERMISSION_KEYS,
      operationNames: OPERATION_NAMES,
    });
    settings = stateStoreSettings(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`flashchat-ops migrate: the configuration is not valid.\n${error.message}\n`);
    return 2;
  }
  const mask = secretMask(databaseSecrets(settings.store === 'postgres' ? settings.url : undefined));
  try {
    const { store, migrations } = await openStateStore(settings);
    await store.close();
    const done =
      migrations.applied.length === 0
        ? `already at schema ${migrations.to}, nothing to do`
        : `schema ${migrations.from} -> ${migrations.to}: ${migrations.applied.map((step) => `${step.version} ${step.name}`).join('; ')}`;
    process.stdout.write(`flashchat-ops migrate: ${store.kind} at ${store.location}: ${done}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(
      `flashchat-ops migrate: ${mask(error instanceof Error ? error.message : String(error))}\n`,
    );
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `flashchat-ops migrate failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
