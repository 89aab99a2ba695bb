import { afterEach, describe, expect, it } from 'vitest';
import { type AlertsState, type ConditionState, withRuleState } from '../../src/alerts/alert-state.ts';
import { AlertStateStore } from '../../src/alerts/alert-state-store.ts';
import type { StateStore } from '../../src/state/index.ts';
import { scratchStateStore } from '../state/scratch-store.ts';

/**
 * The state unit over the state store: the conditions read at each load and committed with their
 * posts in one transaction; the mutes read from the store each time, and removed only once ended.
 */

const T0 = Date.UTC(2031, 0, 1, 12);
const GROUP = 'default';

const stores: StateStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

async function freshStore(): Promise<StateStore> {
  const store = await scratchStateStore();
  stores.push(store);
  return store;
}

function unitOn(store: StateStore, ruleNames: readonly string[] = ['lobby-busy', 'quiet']) {
  const log: string[] = [];
  const unit = new AlertStateStore({
    records: store.alerts,
    group: GROUP,
    ruleNames,
    log: (line) => log.push(line),
  });
  return { unit, log };
}

const busy: ConditionState = {
  active: true,
  startedAt: T0,
  announced: true,
  lastAlertAt: T0,
  facts: { kind: 'room', roomId: 1, label: 'Lobby (1)', users: 50, capacity: 100 },
};

function withCondition(
  state: AlertsState,
  rule: string,
  key: string,
  condition: ConditionState,
): AlertsState {
  const conditions = new Map(state.rules.get(rule)?.conditions ?? []);
  conditions.set(key, condition);
  return withRuleState(state, rule, { conditions });
}

const EMPTY: AlertsState = { rules: new Map() };
const NO_MUTES = new Map();

describe('AlertStateStore', () => {
  it('an empty store: no conditions; a commit writes them before it resolves', async () => {
    const store = await freshStore();
    const { unit, log } = unitOn(store);
    await unit.load();
    expect(unit.conditions.rules.size).toBe(0);
    const next = withCondition(EMPTY, 'lobby-busy', 'room:1', busy);
    await unit.commit(next, NO_MUTES, [], T0);
    expect(await store.alerts.conditions(GROUP)).toEqual([
      { rule: 'lobby-busy', key: 'room:1', state: busy },
    ]);
    expect(unit.conditions.rules.get('lobby-busy')?.conditions.get('room:1')).toEqual(busy);
    expect(log).toEqual([]);
  });

  it('a new load reads what was committed, without the rules no longer configured; the next commit removes those', async () => {
    const store = await freshStore();
    const first = unitOn(store).unit;
    await first.load();
    await first.commit(
      withCondition(withCondition(EMPTY, 'lobby-busy', 'room:1', busy), 'gone', 'group', busy),
      NO_MUTES,
      [],
      T0,
    );
    const { unit } = unitOn(store, ['lobby-busy']);
    await unit.load();
    expect([...unit.conditions.rules.keys()]).toEqual(['lobby-busy']);
    expect((await store.alerts.conditions(GROUP)).map((row) => row.rule)).toEqual(['gone', 'lobby-busy']);
    const changed = withCondition(unit.conditions, 'lobby-busy', 'room:1', { ...busy, active: false });
    await unit.commit(changed, NO_MUTES, [], T0 + 1);
    expect((await store.alerts.conditions(GROUP)).map((row) => [row.rule, row.key])).toEqual([
      ['lobby-busy', 'room:1'],
    ]);
  });

  it('a commit that changes nothing writes nothing', async () => {
    const store = await freshStore();
    const { unit } = unitOn(store);
    await unit.load();
    const next = withCondition(EMPTY, 'quiet', 'group', busy);
    await unit.commit(next, NO_MUTES, [], T0);
    // Removed behind the unit's back: the same state again is not written again.
    await store.alerts.commit(
      GROUP,
      { put: [], remove: [{ rule: 'quiet', key: 'group' }], expiredMutes: [], posts: [] },
      T0,
    );
    await unit.commit(next, NO_MUTES, [], T0);
    expect(await store.alerts.conditions(GROUP)).toEqual([]);
    await unit.commit(withCondition(next, 'quiet', 'group', { ...busy, announced: false }), NO_MUTES, [], T0);
    expect((await store.alerts.conditions(GROUP))[0]?.state).toMatchObject({ announced: false });
  });

  it('mutes are read from the store each time; an ended mute is removed by a commit, unless muted again since', async () => {
    const store = await freshStore();
    const { unit } = unitOn(store);
    await unit.load();
    await store.alerts.mute(GROUP, { rule: 'quiet', until: T0 + 1000, by: 'slack:U0ADMIN' });
    await store.alerts.mute(GROUP, { rule: 'lobby-busy', until: T0 + 1000, by: 'slack:U0ADMIN' });
    const seen = await unit.mutes();
    expect(seen.get('quiet')).toEqual({ until: T0 + 1000, by: 'slack:U0ADMIN' });
    expect(unit.withMutes(seen).rules.get('lobby-busy')?.mute?.until).toBe(T0 + 1000);
    // Both ended by the evaluation's clock; lobby-busy is muted again (elsewhere) before the commit.
    await store.alerts.mute(GROUP, { rule: 'lobby-busy', until: T0 + 9000, by: 'discord:1' });
    await unit.commit(EMPTY, seen, [], T0 + 2000);
    expect(await store.alerts.mutes(GROUP)).toEqual([
      { rule: 'lobby-busy', until: T0 + 9000, by: 'discord:1' },
    ]);
  });

  it('a commit the store refuses rejects and leaves the conditions as they were', async () => {
    const store = await freshStore();
    const { unit } = unitOn(store);
    await unit.load();
    const before = withCondition(EMPTY, 'quiet', 'group', busy);
    await unit.commit(before, NO_MUTES, [], T0);
    const post = {
      key: 'k1',
      platform: 'slack',
      channel: 'C0ALERTS1',
      description: 'quiet recovery for group default',
      message: { title: 'x' },
    };
    await store.close();
    stores.splice(stores.indexOf(store), 1);
    await expect(unit.commit(EMPTY, NO_MUTES, [post], T0 + 1)).rejects.toThrow();
    expect(unit.conditions).toEqual(before);
  });

  it('a stored condition that cannot be used is said and dropped', async () => {
    const store = await freshStore();
    await store.alerts.commit(
      GROUP,
      {
        put: [{ rule: 'quiet', key: 'group', state: { active: 'yes' } }],
        remove: [],
        expiredMutes: [],
        posts: [],
      },
      T0,
    );
    const { unit, log } = unitOn(store);
    await unit.load();
    expect(unit.conditions.rules.size).toBe(0);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(
      /^alerts: the stored condition group of rule quiet cannot be used \(.+\); it is dropped$/,
    );
  });
});
