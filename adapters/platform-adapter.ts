import type { Platform } from '../src/permissions/identity.ts';

/** What the app starts and stops, whatever the platform: the receivers are swappable behind this. */
export interface PlatformAdapter {
  readonly platform: Platform;
  start(): Promise<void>;
  /** Stops taking commands; those under way finish. */
  stop(): Promise<void>;
}
