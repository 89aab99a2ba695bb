/**
 * `alerts.json` in the state folder, where releases before the state store kept every tracked
 * condition and mute: read once, to import it into the store (alert-state-import.ts). The
 * condition's schema is also the one a condition is read back from the store with.
 */

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { describeFsError, errnoCode } from '../status/read-outcomes.ts';
import { type AlertsState, type ConditionState, EMPTY_STATE, type RuleState } from './alert-state.ts';

export const STATE_FILE_NAME = 'alerts.json';
const VERSION = 1;

const time = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

const downReason = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unreachable'), detail: z.string() }),
  z.object({
    kind: z.literal('stale'),
    ageMs: z.number().nonnegative(),
    source: z.enum(['files', 'dataApi']).optional(),
  }),
  z.object({ kind: z.literal('stopped'), source: z.enum(['files', 'dataApi']).optional() }),
  z.object({ kind: z.literal('no-status'), detail: z.string() }),
]);

const facts = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('room'),
    roomId: count,
    label: z.string(),
    users: count,
    capacity: count.optional(),
  }),
  z.object({ kind: z.literal('group'), label: z.string(), value: count }),
  z.object({ kind: z.literal('server'), label: z.string(), reasons: z.array(downReason) }),
]);

export const conditionSchema = z.object({
  active: z.boolean(),
  startedAt: time,
  clearedAt: time.optional(),
  announced: z.boolean(),
  lastAlertAt: time.optional(),
  facts,
});

const ruleState = z.object({
  conditions: z.record(z.string(), conditionSchema),
  mute: z.object({ until: time, by: z.string() }).optional(),
});

const stateFile = z.object({ version: z.literal(VERSION), rules: z.record(z.string(), ruleState) });

export type LoadedState =
  | { readonly status: 'ok'; readonly state: AlertsState }
  | { readonly status: 'none'; readonly state: AlertsState }
  /** The file exists but cannot be used; the engine starts from nothing and says so. */
  | { readonly status: 'unreadable'; readonly state: AlertsState; readonly reason: string };

export async function loadAlertsState(path: string): Promise<LoadedState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { status: 'none', state: EMPTY_STATE };
    return { status: 'unreadable', state: EMPTY_STATE, reason: describeFsError(error) };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { status: 'unreadable', state: EMPTY_STATE, reason: 'it is not JSON' };
  }
  const parsed = stateFile.safeParse(data);
  if (!parsed.success) {
    return {
      status: 'unreadable',
      state: EMPTY_STATE,
      reason: `unexpected content (${parsed.error.issues[0]?.message})`,
    };
  }
  const rules = new Map<string, RuleState>();
  for (const [name, rule] of Object.entries(parsed.data.rules)) {
    const conditions = new Map<string, ConditionState>(Object.entries(rule.conditions));
    rules.set(name, rule.mute === undefined ? { conditions } : { conditions, mute: rule.mute });
  }
  return { status: 'ok', state: { rules } };
}
