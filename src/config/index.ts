/**
 * The configuration: a YAML file validated at start-up (the process refuses to start on a bad
 * one, with every problem listed), overridden and completed by the environment, which alone
 * holds secrets.
 */

export type { Bindings, RoleDefinitions, RoleRefs } from '../permissions/access-schema.ts';
export type { ChatOpsConfig, ServerConnection } from './chatops-config.ts';
export { ConfigError } from './config-error.ts';
export type { ConfigFile, ConfigFileInput } from './config-file-schema.ts';
export { DEMO_ACCESS, type DemoConfigOptions, demoConfig } from './demo-config.ts';
export { durationToMs } from './duration.ts';
export { API_PASSWORD_VARIABLE } from './environment.ts';
export {
  CONFIG_PATH_VARIABLE,
  configFilePath,
  DEFAULT_CONFIG_PATH,
  loadConfigFile,
} from './load-config-file.ts';
export { type ConfigSources, type ParseConfigOptions, parseConfig } from './parse-config.ts';
export { DEFAULT_SERVER, type ServerSettings } from './server-schema.ts';
export { DEFAULT_STATS_FILE_NAME, type StatsSettings } from './stats-schema.ts';
