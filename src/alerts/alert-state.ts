/**
 * What the engine remembers per rule: each tracked condition (by room, or for the whole group)
 * and the rule's mute. Immutable: evaluation returns a new state. Maps rather than objects, so
 * a rule called `constructor` is just a name.
 */

import type { ReadingFacts } from './readings.ts';

export interface ConditionState {
  /** The condition holds, as the hysteresis sees it. */
  readonly active: boolean;
  /** When the current (or, once cleared, the last) episode started; ms since the epoch. */
  readonly startedAt: number;
  /** When the last episode cleared; undefined while active. */
  readonly clearedAt?: number;
  /**
   * The channels were told it started and have not yet been told it cleared. This, not
   * `active`, decides what is posted: the channels' view is brought in line with the condition.
   */
  readonly announced: boolean;
  /** When the last alert was posted, for the cooldown. */
  readonly lastAlertAt?: number;
  /** The last reading, for messages and `/chat alerts`. */
  readonly facts: ReadingFacts;
}

export interface Mute {
  readonly until: number;
  /** Who muted it, as `platform:user`. */
  readonly by: string;
}

export interface RuleState {
  readonly conditions: ReadonlyMap<string, ConditionState>;
  readonly mute?: Mute;
}

export interface AlertsState {
  readonly rules: ReadonlyMap<string, RuleState>;
}

export const EMPTY_STATE: AlertsState = { rules: new Map() };
export const EMPTY_RULE_STATE: RuleState = { conditions: new Map() };

export function ruleStateOf(state: AlertsState, ruleName: string): RuleState {
  return state.rules.get(ruleName) ?? EMPTY_RULE_STATE;
}

export function withRuleState(state: AlertsState, ruleName: string, ruleState: RuleState): AlertsState {
  const rules = new Map(state.rules);
  if (ruleState.conditions.size === 0 && ruleState.mute === undefined) rules.delete(ruleName);
  else rules.set(ruleName, ruleState);
  return { rules };
}

export function isMuted(ruleState: RuleState, now: number): boolean {
  return ruleState.mute !== undefined && ruleState.mute.until > now;
}

export function muteRule(state: AlertsState, ruleName: string, mute: Mute): AlertsState {
  return withRuleState(state, ruleName, { ...ruleStateOf(state, ruleName), mute });
}

export function unmuteRule(state: AlertsState, ruleName: string): AlertsState {
  const { conditions } = ruleStateOf(state, ruleName);
  return withRuleState(state, ruleName, { conditions });
}
