/**
 * npm run migrate: brings the state store's schema up to date without starting the bot (before
 * a rolling upgrade of several instances, say). Reads the same configuration as npm start
 * (CHATOPS_CONFIG, default ./chatops.yml, and .env); prints where the store is and what was done.
 * Exit 0: up to date; 2: the configuration is not valid; 1: the database refused (too new, or
 * unreachable), with the reason.
 */

import { openStateStore } from '../src/state/index.ts';
import { loadStateSettings } from './state-settings.ts';

async function main(): Promise<number> {
  const loaded = await loadStateSettings('migrate');
  if (loaded === undefined) return 2;
  const { settings, mask } = loaded;
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
