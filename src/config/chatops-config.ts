import type { ConfigFile } from './config-file-schema.ts';
import type { EnvironmentSettings } from './environment.ts';
import { resolvePathsFrom } from './resolve-paths.ts';

/** The configuration the app runs with: the file's settings, the environment's overrides and the password. */
export type ChatOpsConfig = Omit<ConfigFile, 'server' | 'state'> & {
  readonly server: ServerConnection;
  readonly state: ConfigFile['state'] & { readonly databaseUrl?: string };
};
export type ServerConnection = ConfigFile['server'] & { readonly apiPassword: string };

export function assembleConfig(
  file: ConfigFile,
  baseDir: string,
  environment: EnvironmentSettings,
): ChatOpsConfig {
  const resolved = resolvePathsFrom(baseDir, file);
  return {
    ...resolved,
    server: { ...resolved.server, ...environment.serverOverrides, apiPassword: environment.apiPassword },
    state: { ...resolved.state, databaseUrl: environment.databaseUrl },
  };
}
