/**
 * What `/chat alerts`, `/chat alerts mute` and `/chat alerts unmute` work with: the rules, their
 * current state, and mutes. The alert engine provides it.
 */

import type { AlertChannels } from './alert-rule.ts';

export interface ActiveCondition {
  /** `Lobby (1)` or `group default`. */
  readonly label: string;
  readonly since: Date;
  /** Whether the channels were told (false while held back by a mute or the cooldown). */
  readonly announced: boolean;
  /** The last reading, e.g. `52/100 users`. */
  readonly detail: string;
}

export interface AlertRuleStatus {
  readonly name: string;
  /** e.g. `roomUsers ≥ 50 (clears below 45)`. */
  readonly condition: string;
  /** The rooms as configured, e.g. `1, Help Desk`; undefined for every room (or a rule on the group). */
  readonly rooms?: string;
  /** Names in `rooms` that match no room known now. */
  readonly unresolvedRooms: readonly string[];
  readonly channels: AlertChannels;
  readonly cooldownMs: number;
  readonly mute?: { readonly until: Date; readonly by: string };
  readonly active: readonly ActiveCondition[];
  /** Cleared conditions whose recovery notice waits for the mute to end. */
  readonly recoveriesHeld: readonly string[];
}

export interface AlertsOverview {
  /** Whether the engine is watching (the app started it); the rules are listed either way. */
  readonly running: boolean;
  /** When another instance runs them: that instance, as its lease names it. */
  readonly leader?: string;
  readonly rules: readonly AlertRuleStatus[];
}

export type MuteOutcome =
  | { readonly ok: true; readonly rule: string; readonly until: Date }
  | { readonly ok: false; readonly message: string };

export type UnmuteOutcome =
  | { readonly ok: true; readonly rule: string; readonly wasMuted: boolean }
  | { readonly ok: false; readonly message: string };

export interface AlertsService {
  overview(): Promise<AlertsOverview>;
  /** `by` is who muted it, as `platform:user`, kept with the mute. */
  mute(ruleName: string, durationMs: number, by: string): Promise<MuteOutcome>;
  unmute(ruleName: string): Promise<UnmuteOutcome>;
}
