/**
 * Rule evaluation, as a pure function of (previous state, observation, now): the new state, the
 * notices to post and what happened, for the log. Two steps per key:
 *
 * 1. Hysteresis: the condition starts when the reading reaches the threshold and clears only when
 *    it falls below threshold - margin; in between, nothing changes.
 * 2. Announcement: the channels' view (`announced`) is brought in line with the condition, unless
 *    the rule is muted, and an alert only once the cooldown since the last alert has passed.
 *
 * Consequences, by design:
 * - A condition that starts again within the cooldown is not announced; if it still holds when
 *   the cooldown ends, it is announced then (with how long it has held). If it clears before,
 *   nothing is posted for it: its recovery is never announced, since the channels were never told
 *   it started and their last word (the previous recovery) is true again.
 * - A muted rule keeps tracking; when the mute ends (unmuted or expired), whatever changed is
 *   caught up: an alert for a condition that holds and was never announced (cooldown permitting),
 *   a recovery for one that was announced and has cleared meanwhile.
 */

import type { AlertRule } from './alert-rule.ts';
import { type AlertsState, type ConditionState, isMuted, ruleStateOf, withRuleState } from './alert-state.ts';
import type { Observation } from './observation.ts';
import { type ReadingFacts, readingsOf } from './readings.ts';

export interface Notice {
  readonly type: 'alert' | 'recovery';
  readonly rule: AlertRule;
  readonly key: string;
  readonly facts: ReadingFacts;
  /** When the condition started. */
  readonly startedAt: number;
  /** Alert: how long the condition has held so far; recovery: how long it held until it cleared. */
  readonly heldMs: number;
}

export type AlertEvent =
  | { readonly kind: 'started' | 'cleared'; readonly rule: string; readonly label: string }
  /** A change the channels are not told about (yet). */
  | {
      readonly kind: 'held';
      readonly rule: string;
      readonly label: string;
      readonly change: 'started' | 'cleared';
      readonly reason: 'cooldown' | 'muted';
      readonly until: number;
    }
  | { readonly kind: 'mute-expired'; readonly rule: string };

export interface Evaluation {
  readonly state: AlertsState;
  readonly notices: readonly Notice[];
  readonly events: readonly AlertEvent[];
}

export interface EvaluationContext {
  readonly rules: readonly AlertRule[];
  readonly staleAfterMs: number | undefined;
}

export function evaluate(
  context: EvaluationContext,
  previous: AlertsState,
  observation: Observation,
  now: number,
): Evaluation {
  let state = previous;
  const notices: Notice[] = [];
  const events: AlertEvent[] = [];
  for (const rule of context.rules) {
    const result = evaluateRule(rule, previous, observation, now, context.staleAfterMs);
    state = withRuleState(state, rule.name, result.ruleState);
    notices.push(...result.notices);
    events.push(...result.events);
  }
  return { state, notices, events };
}

function evaluateRule(
  rule: AlertRule,
  previous: AlertsState,
  observation: Observation,
  now: number,
  staleAfterMs: number | undefined,
) {
  const notices: Notice[] = [];
  const events: AlertEvent[] = [];
  const before = ruleStateOf(previous, rule.name);
  let mute = before.mute;
  if (mute !== undefined && mute.until <= now) {
    mute = undefined;
    events.push({ kind: 'mute-expired', rule: rule.name });
  }
  const muted = isMuted({ conditions: before.conditions, mute }, now);
  const readings = readingsOf(rule, observation, [...before.conditions.keys()], staleAfterMs, now);
  const conditions = new Map(before.conditions);
  const transitioned = new Set<string>();

  for (const [key, reading] of readings) {
    const condition = conditions.get(key);
    if (condition?.active !== true && reading.level === 'above') {
      conditions.set(key, {
        active: true,
        startedAt: now,
        // Still true when the last recovery was held back (muted): the channels think it goes on.
        announced: condition?.announced ?? false,
        lastAlertAt: condition?.lastAlertAt,
        facts: reading.facts,
      });
      transitioned.add(key);
      events.push({ kind: 'started', rule: rule.name, label: reading.facts.label });
    } else if (condition?.active === true && reading.level === 'below') {
      conditions.set(key, { ...condition, active: false, clearedAt: now, facts: reading.facts });
      transitioned.add(key);
      events.push({ kind: 'cleared', rule: rule.name, label: reading.facts.label });
    } else if (condition !== undefined) {
      conditions.set(key, { ...condition, facts: reading.facts });
    }
  }

  for (const [key, condition] of conditions) {
    const changed = transitioned.has(key);
    const announced = announce(rule, key, condition, { muted, mute, now, changed });
    if (announced.notice) notices.push(announced.notice);
    if (announced.held) events.push(announced.held);
    if (isSpent(rule, announced.condition, now)) conditions.delete(key);
    else conditions.set(key, announced.condition);
  }
  return { ruleState: mute === undefined ? { conditions } : { conditions, mute }, notices, events };
}

interface AnnounceContext {
  readonly muted: boolean;
  readonly mute: { readonly until: number } | undefined;
  readonly now: number;
  /** The condition started or cleared in this evaluation: a held change is logged once, then. */
  readonly changed: boolean;
}

function announce(
  rule: AlertRule,
  key: string,
  condition: ConditionState,
  context: AnnounceContext,
): { condition: ConditionState; notice?: Notice; held?: AlertEvent } {
  const { muted, mute, now, changed } = context;
  const label = condition.facts.label;
  if (condition.active && !condition.announced) {
    const cooldownEnds = (condition.lastAlertAt ?? Number.NEGATIVE_INFINITY) + rule.cooldownMs;
    const holdUntil = muted ? mute?.until : now < cooldownEnds ? cooldownEnds : undefined;
    if (holdUntil !== undefined) {
      const reason: 'muted' | 'cooldown' = muted ? 'muted' : 'cooldown';
      const held = changed
        ? {
            kind: 'held' as const,
            rule: rule.name,
            label,
            change: 'started' as const,
            reason,
            until: holdUntil,
          }
        : undefined;
      return { condition, held };
    }
    const notice: Notice = {
      type: 'alert',
      rule,
      key,
      facts: condition.facts,
      startedAt: condition.startedAt,
      heldMs: Math.max(0, now - condition.startedAt),
    };
    return { condition: { ...condition, announced: true, lastAlertAt: now }, notice };
  }
  if (!condition.active && condition.announced) {
    if (muted) {
      const held =
        changed && mute !== undefined
          ? {
              kind: 'held' as const,
              rule: rule.name,
              label,
              change: 'cleared' as const,
              reason: 'muted' as const,
              until: mute.until,
            }
          : undefined;
      return { condition, held };
    }
    const clearedAt = condition.clearedAt ?? now;
    const notice: Notice = {
      type: 'recovery',
      rule,
      key,
      facts: condition.facts,
      startedAt: condition.startedAt,
      heldMs: Math.max(0, clearedAt - condition.startedAt),
    };
    return { condition: { ...condition, announced: false }, notice };
  }
  return { condition };
}

/** Nothing left to remember: cleared, the channels know, and no cooldown to keep. */
function isSpent(rule: AlertRule, condition: ConditionState, now: number): boolean {
  if (condition.active || condition.announced) return false;
  return condition.lastAlertAt === undefined || now >= condition.lastAlertAt + rule.cooldownMs;
}

/**
 * When evaluating again could post something with no new observation: a mute ending, or a held
 * condition's cooldown ending. Undefined when nothing is waiting.
 */
export function nextWakeAt(rules: readonly AlertRule[], state: AlertsState, now: number): number | undefined {
  let earliest: number | undefined;
  const consider = (at: number) => {
    if (at > now && (earliest === undefined || at < earliest)) earliest = at;
  };
  for (const rule of rules) {
    const ruleState = ruleStateOf(state, rule.name);
    if (ruleState.mute !== undefined) consider(ruleState.mute.until);
    for (const condition of ruleState.conditions.values()) {
      if (condition.active && !condition.announced && condition.lastAlertAt !== undefined) {
        consider(condition.lastAlertAt + rule.cooldownMs);
      }
      // Spent conditions are dropped once their cooldown ends; waking then keeps the state file small.
      if (!condition.active && !condition.announced && condition.lastAlertAt !== undefined) {
        consider(condition.lastAlertAt + rule.cooldownMs);
      }
    }
  }
  return earliest;
}
