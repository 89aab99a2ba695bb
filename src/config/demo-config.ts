import type { z } from 'zod';
import { assembleConfig, type ChatOpsConfig } from './chatops-config.ts';
import { type ConfigFileInput, configFileSchema } from './config-file-schema.ts';
import type { serverSchema } from './server-schema.ts';

/**
 * The configuration of demo mode, when there is no file: the console is admin, and the viewer and
 * moderator roles exist, as in the documented example, to try with `/chat` as someone else would.
 */

export const DEMO_ACCESS = {
  roles: {
    viewer: { allow: ['status', 'rooms', 'who', 'help'] },
    moderator: { includes: ['viewer'], allow: ['broadcast', 'pm', 'room.add', 'room.edit'] },
    admin: { allow: ['*'] },
  },
  bindings: { console: { role: 'admin' } },
} as const satisfies ConfigFileInput;

export type DemoConfigOptions = z.input<typeof serverSchema> & {
  /** The embedded emulator's password. */
  readonly apiPassword: string;
  /** Relative paths (dataDir, the audit log, the state folder) are resolved against it; default the working directory. */
  readonly baseDir?: string;
};

export function demoConfig(options: DemoConfigOptions): ChatOpsConfig {
  const { apiPassword, baseDir = '.', ...server } = options;
  const file = configFileSchema.parse({ ...DEMO_ACCESS, server });
  return assembleConfig(file, baseDir, { serverOverrides: {}, apiPassword });
}
