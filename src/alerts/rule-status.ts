/**
 * What `/chat alerts` shows of a rule, and which rule a typed name means: pure functions of the
 * rules, the state and the rooms' facts.
 */

import { nearest } from '../text/nearest.ts';
import { type AlertRule, describeCondition } from './alert-rule.ts';
import { type AlertsState, isMuted, ruleStateOf } from './alert-state.ts';
import type { ActiveCondition, AlertRuleStatus } from './alerts-service.ts';
import type { RoomFacts } from './observation.ts';
import { type ReadingFacts, roomScope } from './readings.ts';

export function ruleStatus(
  rule: AlertRule,
  state: AlertsState,
  roomFacts: ReadonlyMap<number, RoomFacts>,
  now: number,
): AlertRuleStatus {
  const ruleState = ruleStateOf(state, rule.name);
  const active: ActiveCondition[] = [];
  const recoveriesHeld: string[] = [];
  for (const condition of ruleState.conditions.values()) {
    if (condition.active) {
      active.push({
        label: condition.facts.label,
        since: new Date(condition.startedAt),
        announced: condition.announced,
        detail: describeFacts(condition.facts),
      });
    } else if (condition.announced) {
      recoveriesHeld.push(condition.facts.label);
    }
  }
  const mute = isMuted(ruleState, now) && ruleState.mute !== undefined ? ruleState.mute : undefined;
  return {
    name: rule.name,
    condition: describeCondition(rule),
    rooms: rule.rooms?.join(', '),
    unresolvedRooms: roomScope(rule, { roomFacts }).unresolved,
    channels: rule.channels,
    cooldownMs: rule.cooldownMs,
    mute: mute === undefined ? undefined : { until: new Date(mute.until), by: mute.by },
    active,
    recoveriesHeld,
  };
}

/** The rule a user typed (exactly, else ignoring case), or a sentence saying why there is none. */
export function findRule(rules: readonly AlertRule[], typed: string): AlertRule | string {
  const wanted = typed.trim();
  const rule =
    rules.find((candidate) => candidate.name === wanted) ??
    rules.find((candidate) => candidate.name.toLowerCase() === wanted.toLowerCase());
  if (rule !== undefined) return rule;
  if (rules.length === 0) return 'no alert rules are configured (alerts.rules in the configuration file)';
  const names = rules.map((candidate) => candidate.name);
  const hint = nearest(wanted, names)[0];
  return `there is no alert rule "${wanted}"${hint === undefined ? '' : ` (did you mean "${hint}"?)`}. The rules: ${names.join(', ')}`;
}

function describeFacts(facts: ReadingFacts): string {
  switch (facts.kind) {
    case 'room':
      return facts.capacity === undefined ? `${facts.users} users` : `${facts.users}/${facts.capacity} users`;
    case 'group':
      return String(facts.value);
    case 'server':
      return facts.reasons.map((reason) => reason.kind).join(', ');
  }
}
