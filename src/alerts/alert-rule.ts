/**
 * The alert rules as the engine uses them, once the `alerts:` block of the configuration has been
 * validated (src/config/alerts-schema.ts builds these).
 */

/** Rules that compare a count (or a room's fill level) with a threshold. */
export type ThresholdKind = 'roomUsers' | 'roomPercent' | 'loggedIn' | 'connections';

export type AlertCondition =
  | { readonly kind: ThresholdKind; readonly threshold: number }
  | { readonly kind: 'serverDown' };

export type ConditionKind = AlertCondition['kind'];

/** A channel id per platform; a rule names at least one. */
export interface AlertChannels {
  readonly slack?: string;
  readonly discord?: string;
}

export interface AlertRule {
  /** Unique; what `/chat alerts mute <rule>` names. */
  readonly name: string;
  readonly condition: AlertCondition;
  /**
   * Hysteresis for threshold rules: the condition starts at `threshold` and clears only below
   * `threshold - margin` (percentage points for roomPercent). 0 for serverDown.
   */
  readonly margin: number;
  /** Per rule and room: after an alert, the same condition is not announced again for this long. */
  readonly cooldownMs: number;
  /** Room rules only: the rooms watched, by id or by name; undefined watches every room. */
  readonly rooms?: readonly (number | string)[];
  readonly channels: AlertChannels;
  /** Alerts carry the last hour's occupancy chart (the room's, or the logged-in users'). */
  readonly attachChart?: boolean;
}

export interface AlertsSettings {
  /** Room capacities for roomPercent rules, used when the Data API gives none. */
  readonly capacities: ReadonlyMap<number, number>;
  /** How often the Server API is probed (and the status files' age looked at). */
  readonly probeIntervalMs: number;
  /** Status files older than this mean the server is down; undefined when that check is off. */
  readonly staleAfterMs: number | undefined;
  readonly rules: readonly AlertRule[];
}

export const DEFAULT_COOLDOWN_MS = 10 * 60_000;
export const DEFAULT_PROBE_INTERVAL_MS = 30_000;
export const DEFAULT_STALE_AFTER_MS = 120_000;

export const NO_ALERTS: AlertsSettings = {
  capacities: new Map(),
  probeIntervalMs: DEFAULT_PROBE_INTERVAL_MS,
  staleAfterMs: DEFAULT_STALE_AFTER_MS,
  rules: [],
};

/**
 * A tenth of the threshold, rounded up, unless that would keep the rule from ever clearing
 * (a threshold of 1 user clears at 0 users).
 */
export function defaultMargin(threshold: number): number {
  const tenth = Math.ceil(threshold / 10);
  return tenth < threshold ? tenth : 0;
}

export function isRoomRule(condition: AlertCondition): boolean {
  return condition.kind === 'roomUsers' || condition.kind === 'roomPercent';
}

/** e.g. `roomUsers ≥ 50 (clears below 45)`, `serverDown`. */
export function describeCondition(rule: Pick<AlertRule, 'condition' | 'margin'>): string {
  const { condition } = rule;
  if (condition.kind === 'serverDown')
    return 'serverDown (Server API unreachable, stale status files or group stopped)';
  const unit = condition.kind === 'roomPercent' ? '%' : '';
  return `${condition.kind} ≥ ${condition.threshold}${unit} (clears below ${clearsBelow(rule)}${unit})`;
}

/** The value a threshold rule's reading must fall under to clear. */
export function clearsBelow(rule: Pick<AlertRule, 'condition' | 'margin'>): number {
  return rule.condition.kind === 'serverDown' ? 0 : rule.condition.threshold - rule.margin;
}
