import { resolve } from 'node:path';
import type { ConfigFile } from './config-file-schema.ts';

/** The file's relative paths mean "next to this file", wherever the process was started from. */
export function resolvePathsFrom(baseDir: string, config: ConfigFile): ConfigFile {
  return {
    ...config,
    server: { ...config.server, dataDir: resolve(baseDir, config.server.dataDir) },
    audit: {
      ...config.audit,
      path: resolve(baseDir, config.audit.path),
      mirror:
        typeof config.audit.mirror === 'string' ? resolve(baseDir, config.audit.mirror) : config.audit.mirror,
    },
    state: { ...config.state, dir: resolve(baseDir, config.state.dir) },
    stats: {
      ...config.stats,
      path: config.stats.path === undefined ? undefined : resolve(baseDir, config.stats.path),
    },
  };
}
