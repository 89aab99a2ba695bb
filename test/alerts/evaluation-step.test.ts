import { describe, expect, it } from 'vitest';
import { EMPTY_STATE, muteRule } from '../../src/alerts/alert-state.ts';
import { evaluationStep, eventLine, nextEvaluationAt } from '../../src/alerts/evaluation-step.ts';
import { type Observation, observe } from '../../src/alerts/observation.ts';
import type { StatusSnapshot } from '../../src/status/index.ts';
import { formatTime } from '../../src/time/format-duration.ts';
import { rule } from './engine-fixture.ts';

/** The evaluation unit, pure: (rules, state, observation, now) -> state, notices, log lines, the next wake-up. */

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MINUTE = 60_000;

const lobbyBusy = rule({ name: 'lobby-busy', condition: { kind: 'roomUsers', threshold: 50 }, margin: 5 });
const down = rule({ name: 'server-down', condition: { kind: 'serverDown' } });

function snapshot(users: number, overrides: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    server: 'default',
    roomUsers: new Map([[1, users]]),
    rosters: new Map([[1, Array.from({ length: users }, (_, index) => `user${index}`)]]),
    online: { status: 'ok', counts: { connections: users, loggedIn: users, rooms: 1 } },
    newestWriteAt: T0,
    unreadable: new Map(),
    reachability: { reachable: true },
    source: 'files',
    ...overrides,
  };
}

const facts = new Map([[1, { name: 'Lobby', capacity: 100 }]]);
const observed = (users: number, overrides: Partial<StatusSnapshot> = {}): Observation =>
  observe('default', snapshot(users, overrides), facts);

describe('observe: a feed snapshot as the rules see it', () => {
  it('takes the rooms, the totals, the data’s age and the probe from the snapshot, the facts from the directory', () => {
    expect(observed(7)).toEqual({
      group: 'default',
      roomUsers: new Map([[1, 7]]),
      roomFacts: facts,
      online: { status: 'ok', counts: { connections: 7, loggedIn: 7, rooms: 1 } },
      newestStatusWriteAt: T0,
      probe: { reachable: true },
      source: 'files',
    });
  });

  it('nothing read yet: nothing known', () => {
    expect(observe('default', undefined, facts)).toEqual({
      group: 'default',
      roomUsers: undefined,
      roomFacts: facts,
      online: undefined,
      newestStatusWriteAt: undefined,
      probe: undefined,
    });
  });
});

describe('evaluationStep', () => {
  const context = { rules: [lobbyBusy], staleAfterMs: undefined };

  it('an alert at the threshold, then within the cooldown a held start with its log line and a wake-up when the cooldown ends', () => {
    const alerted = evaluationStep(context, EMPTY_STATE, observed(50), T0);
    expect(alerted.notices.map((notice) => [notice.type, notice.facts.label])).toEqual([
      ['alert', 'Lobby (1)'],
    ]);
    expect(alerted.lines).toEqual([]);
    // Nothing held, and the condition still holds: no wake-up yet.
    expect(alerted.wakeAt).toBeUndefined();

    const cleared = evaluationStep(context, alerted.state, observed(40), T0 + MINUTE);
    expect(cleared.notices.map((notice) => notice.type)).toEqual(['recovery']);
    // The spent condition is dropped when its cooldown ends.
    expect(cleared.wakeAt).toBe(T0 + lobbyBusy.cooldownMs);

    const again = evaluationStep(context, cleared.state, observed(55), T0 + 2 * MINUTE);
    expect(again.notices).toEqual([]);
    const until = T0 + lobbyBusy.cooldownMs;
    expect(again.lines).toEqual([
      `alerts: lobby-busy: Lobby (1) started again within the cooldown; not announced unless it still holds at ${formatTime(until)}`,
    ]);
    expect(again.wakeAt).toBe(until);
  });

  it('leaves the state it was given alone', () => {
    const before = EMPTY_STATE;
    evaluationStep(context, before, observed(60), T0);
    expect(before.rules.size).toBe(0);
  });

  it('a held start while muted, and the mute’s end as the wake-up', () => {
    const until = T0 + 5 * MINUTE;
    const muted = muteRule(EMPTY_STATE, 'lobby-busy', { until, by: 'slack:U1' });
    const step = evaluationStep(context, muted, observed(50), T0);
    expect(step.notices).toEqual([]);
    expect(step.lines).toEqual([
      `alerts: lobby-busy: Lobby (1) started while the rule is muted (until ${formatTime(until)}); not posted`,
    ]);
    expect(step.wakeAt).toBe(until);
    const expired = evaluationStep(context, step.state, observed(50), until);
    expect(expired.lines).toEqual(['alerts: the mute of rule lobby-busy has expired']);
    expect(expired.notices.map((notice) => notice.type)).toEqual(['alert']);
  });
});

describe('nextEvaluationAt: when time alone can change an evaluation', () => {
  it('the moment the files turn stale, for a serverDown rule with staleAfter', () => {
    const context = { rules: [down], staleAfterMs: 2 * MINUTE };
    expect(nextEvaluationAt(context, EMPTY_STATE, T0, T0 + MINUTE)).toBe(T0 + 2 * MINUTE + 1);
    // Already stale: the evaluation now says so; nothing to wait for.
    expect(nextEvaluationAt(context, EMPTY_STATE, T0, T0 + 3 * MINUTE)).toBeUndefined();
    // Nothing read yet, staleness off, or no serverDown rule: no wake-up.
    expect(nextEvaluationAt(context, EMPTY_STATE, undefined, T0)).toBeUndefined();
    expect(nextEvaluationAt({ rules: [down], staleAfterMs: undefined }, EMPTY_STATE, T0, T0)).toBeUndefined();
    expect(
      nextEvaluationAt({ rules: [lobbyBusy], staleAfterMs: MINUTE }, EMPTY_STATE, T0, T0),
    ).toBeUndefined();
  });

  it('the earliest of a mute’s end and the staleness', () => {
    const context = { rules: [down], staleAfterMs: 10 * MINUTE };
    const muted = muteRule(EMPTY_STATE, 'server-down', { until: T0 + MINUTE, by: 'slack:U1' });
    expect(nextEvaluationAt(context, muted, T0, T0)).toBe(T0 + MINUTE);
  });
});

describe('eventLine', () => {
  it('says nothing of starts and clears (the delivery queue logs the post)', () => {
    expect(eventLine({ kind: 'started', rule: 'r', label: 'Lobby (1)' })).toBeUndefined();
    expect(eventLine({ kind: 'cleared', rule: 'r', label: 'Lobby (1)' })).toBeUndefined();
  });

  it('a recovery held by a mute', () => {
    expect(
      eventLine({
        kind: 'held',
        rule: 'r',
        label: 'Lobby (1)',
        change: 'cleared',
        reason: 'muted',
        until: T0,
      }),
    ).toBe(`alerts: r: Lobby (1) cleared while the rule is muted (until ${formatTime(T0)}); not posted`);
  });
});
