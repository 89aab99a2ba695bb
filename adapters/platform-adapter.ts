import type { Platform } from '../src/permissions/identity.ts';

/** What the app starts and stops, whatever the platform: the receivers are swappable behind this. */
export interface PlatformAdapter {
  readonly platform: Platform;
  /**
   * `every-instance`: each instance takes its share of the platform's requests (Slack's HTTP
   * behind a balancer, Socket Mode's several connections). `leader-only`: the platform sends every
   * event to every connection (Discord's gateway, one session per token), so only the leader
   * connects, and `standBy()` lets go when it stops leading.
   */
  readonly connects: 'every-instance' | 'leader-only';
  start(): Promise<void>;
  /** Lets go of the platform's connection (those under way finish); `start()` connects again. */
  standBy(): Promise<void>;
  /** Stops taking commands; those under way finish. */
  stop(): Promise<void>;
}
