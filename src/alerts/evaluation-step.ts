/**
 * One evaluation, pure: (rules, state, observation, now) -> the new state, the notices to post,
 * the log lines of what was held back, and when to evaluate again with no new observation.
 */

import { formatTime } from '../time/format-duration.ts';
import type { AlertRule } from './alert-rule.ts';
import type { AlertsState } from './alert-state.ts';
import { type AlertEvent, type EvaluationContext, evaluate, type Notice, nextWakeAt } from './evaluate.ts';
import type { Observation } from './observation.ts';

export interface EvaluationStep {
  readonly state: AlertsState;
  readonly notices: readonly Notice[];
  /** For the log, in the order the events happened. */
  readonly lines: readonly string[];
  /** When evaluating again could change something by time alone; undefined when nothing waits. */
  readonly wakeAt: number | undefined;
}

export function evaluationStep(
  context: EvaluationContext,
  state: AlertsState,
  observation: Observation,
  now: number,
): EvaluationStep {
  const result = evaluate(context, state, observation, now);
  const lines = result.events.flatMap((event) => {
    const line = eventLine(event);
    return line === undefined ? [] : [line];
  });
  const wakeAt = nextEvaluationAt(context, result.state, observation.newestStatusWriteAt, now);
  return { state: result.state, notices: result.notices, lines, wakeAt };
}

/**
 * The earliest of: a mute ending, a held condition's cooldown ending (nextWakeAt), and the
 * moment the status files turn stale if nothing is written before (a serverDown rule should not
 * wait for the next check to say so).
 */
export function nextEvaluationAt(
  context: EvaluationContext,
  state: AlertsState,
  newestStatusWriteAt: number | undefined,
  now: number,
): number | undefined {
  const candidates = [
    nextWakeAt(context.rules, state, now),
    staleAt(context, newestStatusWriteAt, now),
  ].filter((at): at is number => at !== undefined);
  return candidates.length === 0 ? undefined : Math.min(...candidates);
}

function staleAt(
  context: EvaluationContext,
  newestStatusWriteAt: number | undefined,
  now: number,
): number | undefined {
  const { staleAfterMs, rules } = context;
  if (staleAfterMs === undefined || newestStatusWriteAt === undefined) return undefined;
  if (!rules.some((rule: AlertRule) => rule.condition.kind === 'serverDown')) return undefined;
  const at = newestStatusWriteAt + staleAfterMs + 1;
  return at > now ? at : undefined;
}

/** The log line of an event; undefined for starts and clears (the delivery queue logs the post itself). */
export function eventLine(event: AlertEvent): string | undefined {
  switch (event.kind) {
    case 'held':
      return event.reason === 'muted'
        ? `alerts: ${event.rule}: ${event.label} ${event.change} while the rule is muted (until ${formatTime(event.until)}); not posted`
        : `alerts: ${event.rule}: ${event.label} started again within the cooldown; not announced unless it still holds at ${formatTime(event.until)}`;
    case 'mute-expired':
      return `alerts: the mute of rule ${event.rule} has expired`;
    case 'started':
    case 'cleared':
      return undefined;
  }
}
