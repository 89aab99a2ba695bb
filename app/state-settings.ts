/**
 * The state store's settings for the programs that open the store without starting the bot (npm
 * run migrate, npm run audit): from the same configuration as npm start (CHATOPS_CONFIG, default
 * ./chatops.yml, and .env), with the mask that keeps the database URL and its password out of
 * what they print.
 */

import { config as loadDotenv } from 'dotenv';
import { OPERATION_NAMES, PERMISSION_KEYS } from '../src/catalogue/catalogue.ts';
import { ConfigError, loadConfigFile } from '../src/config/index.ts';
import { stateStoreSettings } from '../src/runtime/create-runtime.ts';
import { databaseSecrets, type StateStoreSettings } from '../src/state/index.ts';
import { type SecretMask, secretMask } from '../src/text/secret-mask.ts';

export interface ProgramStateSettings {
  readonly settings: StateStoreSettings;
  /** Takes the database URL and its password out of a text. */
  readonly mask: SecretMask;
}

/**
 * Undefined when the configuration is not valid: that is said on standard error, as
 * `flashchat-ops <program>: the configuration is not valid.` and the problems.
 */
export async function loadStateSettings(program: string): Promise<ProgramStateSettings | undefined> {
  loadDotenv({ quiet: true });
  const env = process.env;
  const configPath = env.CHATOPS_CONFIG ?? './chatops.yml';
  let settings: StateStoreSettings;
  try {
    const config = await loadConfigFile(configPath, {
      env,
      permissionKeys: PERMISSION_KEYS,
      operationNames: OPERATION_NAMES,
    });
    settings = stateStoreSettings(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`flashchat-ops ${program}: the configuration is not valid.\n${error.message}\n`);
    return undefined;
  }
  const mask = secretMask(databaseSecrets(settings.store === 'postgres' ? settings.url : undefined));
  return { settings, mask };
}
