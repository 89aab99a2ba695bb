import { readFile } from 'node:fs/promises';
import type { ChatOpsConfig } from './chatops-config.ts';
import { ConfigError } from './config-error.ts';
import { type ConfigSources, parseConfig } from './parse-config.ts';

export const CONFIG_PATH_VARIABLE = 'CHATOPS_CONFIG';
export const DEFAULT_CONFIG_PATH = './chatops.yml';

/** Where the app looks for its configuration: `CHATOPS_CONFIG`, else `./chatops.yml`. */
export function configFilePath(env: Readonly<Record<string, string | undefined>>): string {
  return env[CONFIG_PATH_VARIABLE] || DEFAULT_CONFIG_PATH;
}

/** Reads and validates the configuration file; a file that cannot be read is a ConfigError too. */
export async function loadConfigFile(path: string, sources: ConfigSources): Promise<ChatOpsConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${path}: cannot read the file (${readFailure(error)})`]);
  }
  return parseConfig(text, { ...sources, fileName: path });
}

const READ_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
};

function readFailure(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  return READ_FAILURES[code] ?? (error instanceof Error ? error.message : String(error));
}
