import { dirname, resolve } from 'node:path';
import { secretMask } from '../text/secret-mask.ts';
import { assembleConfig, type ChatOpsConfig } from './chatops-config.ts';
import { ConfigError } from './config-error.ts';
import { checkConfigText } from './config-text.ts';
import { API_PASSWORD_VARIABLE, DATABASE_URL_VARIABLE, readEnvironment } from './environment.ts';
import { problemLine } from './problem.ts';

export interface ConfigSources {
  /** The process environment (or a test's); overrides the `server` block and holds the API password. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Every permission key, from the operation catalogue; `allow:` lists are checked against them. */
  readonly permissionKeys: readonly string[];
  /**
   * The catalogue's operation names, which `cooldowns:` may name (parameter keys such as
   * `broadcast.as` are permission keys but not operations).
   */
  readonly operationNames: readonly string[];
}

export interface ParseConfigOptions extends ConfigSources {
  /** Names the file in problems; relative paths in the file are resolved against its folder. */
  readonly fileName: string;
}

const ENVIRONMENT_SOURCE = 'environment';

/** The validated configuration, or a ConfigError listing every problem in the file and the environment. */
export function parseConfig(yamlText: string, options: ParseConfigOptions): ChatOpsConfig {
  const { fileName, env, permissionKeys, operationNames } = options;
  const file = checkConfigText(yamlText, permissionKeys, operationNames);
  const environment = readEnvironment(env);
  if (file.ok && environment.ok) {
    const config = assembleConfig(file.value, dirname(resolve(fileName)), environment.value);
    if (config.state.store === 'postgres' && config.state.databaseUrl === undefined) {
      throw new ConfigError([
        `${fileName}: state.store is postgres, but ${DATABASE_URL_VARIABLE} is not set: set it in .env (postgres://user:password@host:5432/database); it is a secret, never read from chatops.yml`,
      ]);
    }
    if (config.server.statusSource === 'dataApi' && config.server.dataApiUrl === null) {
      throw new ConfigError([
        `${fileName}: server.statusSource is dataApi, but there is no Data API: set server.dataApiUrl or FLASHCHAT_DATA_API_URL (e.g. http://chat.example.org:35555), or choose files or auto`,
      ]);
    }
    return config;
  }
  const lines = [
    ...(file.ok ? [] : file.problems.map((problem) => problemLine(fileName, problem))),
    ...(environment.ok
      ? []
      : environment.problems.map((problem) => problemLine(ENVIRONMENT_SOURCE, problem))),
  ];
  throw new ConfigError(withoutSecrets(lines, [env[API_PASSWORD_VARIABLE], env[DATABASE_URL_VARIABLE]]));
}

/**
 * Problems quote the values they refuse; should the password have been pasted into the file, or
 * happen to be one of those values, it must still not reach a log or a terminal.
 */
function withoutSecrets(lines: readonly string[], secrets: readonly (string | undefined)[]): string[] {
  return lines.map(secretMask(secrets));
}
