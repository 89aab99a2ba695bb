import { describe, expect, it } from 'vitest';
import { EMPTY_STATE, muteRule } from '../../src/alerts/alert-state.ts';
import { evaluate } from '../../src/alerts/evaluate.ts';
import type { Observation } from '../../src/alerts/observation.ts';
import { findRule, ruleStatus } from '../../src/alerts/rule-status.ts';
import { rule } from './engine-fixture.ts';

/** What /chat alerts shows of a rule, and which rule a typed name means. */

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const lobbyBusy = rule({
  name: 'lobby-busy',
  condition: { kind: 'roomUsers', threshold: 50 },
  margin: 5,
  rooms: ['Lobby', 'Nowhere'],
});
const crowd = rule({ name: 'Crowd', condition: { kind: 'loggedIn', threshold: 100 } });
const facts = new Map([[1, { name: 'Lobby', capacity: 100 }]]);

function seen(users: number): Observation {
  return {
    group: 'default',
    roomUsers: new Map([[1, users]]),
    roomFacts: facts,
    online: { status: 'ok', counts: { connections: 1, loggedIn: 1, rooms: 1 } },
    newestStatusWriteAt: T0,
    probe: undefined,
    source: 'files',
  };
}

describe('ruleStatus', () => {
  it('an active condition with its reading, the rooms as configured and those no room matches', () => {
    const { state } = evaluate({ rules: [lobbyBusy], staleAfterMs: undefined }, EMPTY_STATE, seen(52), T0);
    expect(ruleStatus(lobbyBusy, state, facts, T0 + 1)).toEqual({
      name: 'lobby-busy',
      condition: 'roomUsers ≥ 50 (clears below 45)',
      rooms: 'Lobby, Nowhere',
      unresolvedRooms: ['Nowhere'],
      channels: { slack: 'C0ALERTS1' },
      cooldownMs: lobbyBusy.cooldownMs,
      mute: undefined,
      active: [{ label: 'Lobby (1)', since: new Date(T0), announced: true, detail: '52/100 users' }],
      recoveriesHeld: [],
    });
  });

  it('a mute while it lasts, and a recovery it holds back', () => {
    const context = { rules: [lobbyBusy], staleAfterMs: undefined };
    const alerted = evaluate(context, EMPTY_STATE, seen(52), T0).state;
    const muted = muteRule(alerted, 'lobby-busy', { until: T0 + 60_000, by: 'slack:U0ADMIN' });
    const cleared = evaluate(context, muted, seen(10), T0 + 1).state;
    const status = ruleStatus(lobbyBusy, cleared, facts, T0 + 2);
    expect(status.mute).toEqual({ until: new Date(T0 + 60_000), by: 'slack:U0ADMIN' });
    expect(status.active).toEqual([]);
    expect(status.recoveriesHeld).toEqual(['Lobby (1)']);
    // Once the mute has ended it is not shown.
    expect(ruleStatus(lobbyBusy, cleared, facts, T0 + 60_000).mute).toBeUndefined();
  });
});

describe('findRule', () => {
  const rules = [lobbyBusy, crowd];

  it('the exact name first, else the name in any case, trimmed', () => {
    expect(findRule(rules, 'lobby-busy')).toBe(lobbyBusy);
    expect(findRule(rules, '  crowd ')).toBe(crowd);
  });

  it('no such rule: the nearest name and the list', () => {
    expect(findRule(rules, 'lobby-bussy')).toBe(
      'there is no alert rule "lobby-bussy" (did you mean "lobby-busy"?). The rules: lobby-busy, Crowd',
    );
  });

  it('no rules at all: where they are configured', () => {
    expect(findRule([], 'x')).toBe('no alert rules are configured (alerts.rules in the configuration file)');
  });
});
