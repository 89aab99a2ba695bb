import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../../src/alerts/alert-rule.ts';
import { type AlertsState, EMPTY_STATE, muteRule, unmuteRule } from '../../src/alerts/alert-state.ts';
import { evaluate, type Notice, nextWakeAt } from '../../src/alerts/evaluate.ts';
import type { Observation } from '../../src/alerts/observation.ts';
import { rule } from './engine-fixture.ts';

/** Rule evaluation as a pure function: (state, observation, now) -> (state, notices, events). */

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MINUTE = 60_000;

function observation(rooms: Record<number, number>, overrides: Partial<Observation> = {}): Observation {
  return {
    group: 'default',
    roomUsers: new Map(Object.entries(rooms).map(([id, users]) => [Number(id), users])),
    roomFacts: new Map([
      [1, { name: 'Lobby', capacity: 100 }],
      [3, { name: 'Help Desk', capacity: 10 }],
    ]),
    online: { status: 'ok', counts: { connections: 10, loggedIn: 10, rooms: 4 } },
    newestStatusWriteAt: T0,
    probe: { reachable: true },
    source: 'files',
    ...overrides,
  };
}

interface Run {
  state: AlertsState;
  notices: Notice[];
}

/** Feeds one room's user counts, `stepMs` apart, through evaluate. */
function feed(
  rules: readonly AlertRule[],
  values: readonly number[],
  stepMs = 1,
  start: Run = { state: EMPTY_STATE, notices: [] },
  startAt = T0,
): Run & { now: number } {
  let { state } = start;
  const notices = [...start.notices];
  let now = startAt;
  for (const users of values) {
    const result = evaluate({ rules, staleAfterMs: undefined }, state, observation({ 1: users }), now);
    state = result.state;
    notices.push(...result.notices);
    now += stepMs;
  }
  return { state, notices, now };
}

const types = (notices: readonly Notice[]) => notices.map((notice) => notice.type);
const lobbyBusy = rule({ name: 'lobby-busy', condition: { kind: 'roomUsers', threshold: 50 }, margin: 5 });
const noCooldown = { ...lobbyBusy, cooldownMs: 0 };

describe('hysteresis', () => {
  it('starts at the threshold, clears only below threshold - margin', () => {
    const run = feed([lobbyBusy], [48, 49, 50, 51, 46, 45, 44]);
    expect(types(run.notices)).toEqual(['alert', 'recovery']);
    expect(run.notices[0]?.facts).toMatchObject({ users: 50, capacity: 100, label: 'Lobby (1)' });
    expect(run.notices[1]?.facts).toMatchObject({ users: 44 });
    expect(run.notices[1]?.heldMs).toBe(4);
  });

  it('1,000 values alternating threshold - 1 and threshold: 1 alert, 0 recoveries', () => {
    const values = Array.from({ length: 1000 }, (_, index) => (index % 2 === 0 ? 49 : 50));
    expect(types(feed([noCooldown], values).notices)).toEqual(['alert']);
  });

  it('1,000 values alternating threshold - margin and threshold: still inside the band, 1 alert', () => {
    const values = Array.from({ length: 1000 }, (_, index) => (index % 2 === 0 ? 45 : 50));
    expect(types(feed([noCooldown], values).notices)).toEqual(['alert']);
  });

  it('1,000 full swings without a cooldown: the hysteresis alone allows 500 alerts and 500 recoveries', () => {
    const values = Array.from({ length: 1000 }, (_, index) => (index % 2 === 0 ? 50 : 44));
    const notices = feed([noCooldown], values).notices;
    expect(notices.filter((notice) => notice.type === 'alert')).toHaveLength(500);
    expect(notices.filter((notice) => notice.type === 'recovery')).toHaveLength(500);
  });

  it('1,000 full swings within one second, with the cooldown: 1 alert, 1 recovery', () => {
    const values = Array.from({ length: 1000 }, (_, index) => (index % 2 === 0 ? 50 : 44));
    expect(types(feed([lobbyBusy], values).notices)).toEqual(['alert', 'recovery']);
  });
});

describe('cooldown', () => {
  it('a start within the cooldown is announced when the cooldown ends if it still holds', () => {
    // Alert at T0, recovery at T0+1m, starts again at T0+2m.
    let run = feed([lobbyBusy], [50, 40, 55], MINUTE);
    expect(types(run.notices)).toEqual(['alert', 'recovery']);
    expect(nextWakeAt([lobbyBusy], run.state, T0 + 2 * MINUTE)).toBe(T0 + 10 * MINUTE);
    // Still above at T0+9m: nothing.
    run = feed([lobbyBusy], [55], 0, run, T0 + 9 * MINUTE);
    expect(run.notices).toHaveLength(2);
    // At the end of the cooldown, with no new reading but the same: announced, with how long it held.
    run = feed([lobbyBusy], [52], 0, run, T0 + 10 * MINUTE);
    expect(types(run.notices)).toEqual(['alert', 'recovery', 'alert']);
    expect(run.notices[2]?.heldMs).toBe(8 * MINUTE);
  });

  it('a start within the cooldown that clears before it ends is never announced, nor its recovery', () => {
    const run = feed([lobbyBusy], [50, 40, 55, 30, 20], MINUTE);
    expect(types(run.notices)).toEqual(['alert', 'recovery']);
    // Remembered until the cooldown ends (so that it still applies), then forgotten.
    expect(run.state.rules.get('lobby-busy')?.conditions.size).toBe(1);
    const later = feed([lobbyBusy], [20], 0, run, T0 + 10 * MINUTE);
    expect(later.state.rules.size).toBe(0);
  });

  it('counts from the last alert: a long episode may be followed at once by a new alert', () => {
    const run = feed([lobbyBusy], [50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 40, 60], MINUTE);
    expect(types(run.notices)).toEqual(['alert', 'recovery', 'alert']);
  });

  it('keeps rooms apart: one room in its cooldown does not hold back another', () => {
    const rules = [lobbyBusy];
    let state = EMPTY_STATE;
    const notices: Notice[] = [];
    const steps: Array<Record<number, number>> = [{ 1: 50 }, { 1: 40 }, { 1: 50, 2: 50 }];
    steps.forEach((rooms, index) => {
      const result = evaluate(
        { rules, staleAfterMs: undefined },
        state,
        observation(rooms),
        T0 + index * 1000,
      );
      state = result.state;
      notices.push(...result.notices);
    });
    expect(notices.map((notice) => `${notice.type} ${notice.facts.label}`)).toEqual([
      'alert Lobby (1)',
      'recovery Lobby (1)',
      'alert room 2',
    ]);
  });
});

describe('mutes', () => {
  it('a muted rule tracks but posts nothing; unmuting catches up', () => {
    const muted = muteRule(EMPTY_STATE, 'lobby-busy', { until: T0 + 30 * MINUTE, by: 'slack:U1' });
    let run = feed([lobbyBusy], [50, 60], MINUTE, { state: muted, notices: [] });
    expect(run.notices).toHaveLength(0);
    expect(run.state.rules.get('lobby-busy')?.conditions.get('room:1')).toMatchObject({
      active: true,
      announced: false,
    });
    run = feed(
      [lobbyBusy],
      [60],
      0,
      { state: unmuteRule(run.state, 'lobby-busy'), notices: [] },
      T0 + 5 * MINUTE,
    );
    expect(types(run.notices)).toEqual(['alert']);
    expect(run.notices[0]?.heldMs).toBe(5 * MINUTE);
  });

  it('an announced condition that clears while muted is reported when the mute expires', () => {
    let run = feed([lobbyBusy], [50], MINUTE);
    const muted = muteRule(run.state, 'lobby-busy', { until: T0 + 30 * MINUTE, by: 'slack:U1' });
    run = feed([lobbyBusy], [10, 10], MINUTE, { state: muted, notices: run.notices }, T0 + MINUTE);
    expect(types(run.notices)).toEqual(['alert']);
    // The recovery waits for the mute to end.
    expect(nextWakeAt([lobbyBusy], run.state, T0 + 3 * MINUTE)).toBe(T0 + 30 * MINUTE);
    const expired = evaluate(
      { rules: [lobbyBusy], staleAfterMs: undefined },
      run.state,
      observation({ 1: 10 }),
      T0 + 30 * MINUTE,
    );
    expect(types(expired.notices)).toEqual(['recovery']);
    expect(expired.events).toContainEqual({ kind: 'mute-expired', rule: 'lobby-busy' });
    expect(expired.state.rules.get('lobby-busy')?.mute).toBeUndefined();
  });

  it('an announced condition that clears and starts again while muted posts nothing at all', () => {
    let run = feed([lobbyBusy], [50], MINUTE);
    const muted = muteRule(run.state, 'lobby-busy', { until: T0 + 30 * MINUTE, by: 'slack:U1' });
    run = feed([lobbyBusy], [10, 70], MINUTE, { state: muted, notices: run.notices }, T0 + MINUTE);
    run = feed(
      [lobbyBusy],
      [70],
      0,
      { state: unmuteRule(run.state, 'lobby-busy'), notices: run.notices },
      T0 + 5 * MINUTE,
    );
    expect(types(run.notices)).toEqual(['alert']);
  });
});

describe('the other conditions', () => {
  const evaluateOnce = (rules: AlertRule[], obs: Observation, state = EMPTY_STATE, now = T0) =>
    evaluate({ rules, staleAfterMs: 120_000 }, state, obs, now);

  it('roomPercent: users against capacity; a room without one keeps its state', () => {
    expect(rule({ name: 'full', condition: { kind: 'roomPercent', threshold: 80 } }).margin).toBe(8);
    const full = rule({ name: 'full', condition: { kind: 'roomPercent', threshold: 80 }, margin: 15 });
    const first = evaluateOnce([full], observation({ 3: 8, 9: 999 }));
    expect(first.notices.map((notice) => notice.facts)).toEqual([
      { kind: 'room', roomId: 3, label: 'Help Desk (3)', users: 8, capacity: 10 },
    ]);
    // 70%: not below 65%.
    const next = evaluateOnce([full], observation({ 3: 7 }), first.state);
    expect(next.notices).toHaveLength(0);
    // 10%, but with no capacity known nothing is concluded.
    const unknown = evaluateOnce([full], observation({ 3: 1 }, { roomFacts: new Map() }), first.state);
    expect(unknown.notices).toHaveLength(0);
    expect(unknown.state).toEqual(first.state);
    const cleared = evaluateOnce([full], observation({ 3: 6 }), first.state);
    expect(types(cleared.notices)).toEqual(['recovery']);
  });

  it('loggedIn and connections read online.txt; nothing is concluded while it is unknown', () => {
    const crowd = rule({ name: 'crowd', condition: { kind: 'loggedIn', threshold: 10 } });
    const sockets = rule({ name: 'sockets', condition: { kind: 'connections', threshold: 11 } });
    const result = evaluateOnce([crowd, sockets], observation({}));
    expect(result.notices.map((notice) => `${notice.rule.name} ${notice.type}`)).toEqual(['crowd alert']);
    expect(evaluateOnce([crowd], observation({}, { online: undefined })).notices).toHaveLength(0);
  });

  it('serverDown: each reason, and recovery once none is left', () => {
    const down = rule({ name: 'down', condition: { kind: 'serverDown' } });
    const cases: Array<[string, Partial<Observation>, string[]]> = [
      ['up', {}, []],
      ['unreachable', { probe: { reachable: false, reason: 'refused' } }, ['unreachable']],
      ['stale', { newestStatusWriteAt: T0 - 120_001 }, ['stale']],
      ['not yet stale', { newestStatusWriteAt: T0 - 120_000 }, []],
      [
        'stopped',
        { online: { status: 'ok', counts: { connections: 0, loggedIn: 0, rooms: 0 } } },
        ['stopped'],
      ],
      ['no status files', { online: { status: 'missing', reason: 'no folder' } }, ['no-status']],
      [
        'several at once',
        { probe: { reachable: false, reason: 'refused' }, newestStatusWriteAt: T0 - 600_000 },
        ['unreachable', 'stale'],
      ],
    ];
    for (const [name, overrides, reasons] of cases) {
      const result = evaluateOnce([down], observation({}, overrides));
      const facts = result.notices[0]?.facts;
      expect(facts?.kind === 'server' ? facts.reasons.map((reason) => reason.kind) : [], name).toEqual(
        reasons,
      );
    }
    const nothingKnown = evaluateOnce([down], observation({}, { probe: undefined, online: undefined }));
    expect(nothingKnown.state.rules.size).toBe(0);
    const alerted = evaluateOnce([down], observation({}, { probe: { reachable: false, reason: 'refused' } }));
    const recovered = evaluateOnce([down], observation({}), alerted.state, T0 + 5000);
    expect(types(recovered.notices)).toEqual(['recovery']);
    expect(recovered.notices[0]?.heldMs).toBe(5000);
  });
});

describe('properties', () => {
  it('per room, the channel hears alert, recovery, alert, … and never two alerts within a cooldown', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            users: fc.integer({ min: 0, max: 70 }),
            afterMs: fc.integer({ min: 0, max: 4 * MINUTE }),
          }),
          {
            maxLength: 200,
          },
        ),
        (steps) => {
          let state = EMPTY_STATE;
          let now = T0;
          const posted: Array<{ type: string; at: number }> = [];
          for (const { users, afterMs } of steps) {
            now += afterMs;
            const result = evaluate(
              { rules: [lobbyBusy], staleAfterMs: undefined },
              state,
              observation({ 1: users }),
              now,
            );
            state = result.state;
            for (const notice of result.notices) posted.push({ type: notice.type, at: now });
          }
          posted.forEach((notice, index) => {
            expect(notice.type).toBe(index % 2 === 0 ? 'alert' : 'recovery');
          });
          const alerts = posted.filter((notice) => notice.type === 'alert');
          for (let index = 1; index < alerts.length; index += 1) {
            expect((alerts[index]?.at ?? 0) - (alerts[index - 1]?.at ?? 0)).toBeGreaterThanOrEqual(
              lobbyBusy.cooldownMs,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
