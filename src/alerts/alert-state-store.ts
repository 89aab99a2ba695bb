/**
 * The alert state in the state store, for one server group. The conditions are the engine's: read
 * at each start (another instance may have led since), then replaced by each commit, which writes
 * them, with the posts they imply, in one transaction before it returns; the engine commits
 * before it hands anything to delivery. The mutes are anybody's: any instance's command writes
 * them, so they are read from the store at each evaluation, never kept, and never written back.
 */

import type {
  AlertConditionRecord,
  AlertPostRecord,
  AlertRecords,
  AlertStateCommit,
} from '../state/index.ts';
import { asStoredValue } from '../state/index.ts';
import {
  type AlertsState,
  type ConditionState,
  EMPTY_STATE,
  type Mute,
  type RuleState,
  ruleStateOf,
} from './alert-state.ts';
import { conditionSchema } from './state-file.ts';

export interface AlertStateStoreOptions {
  readonly records: AlertRecords;
  /** The server group whose state this is. */
  readonly group: string;
  /** The rules configured now: the conditions of any other rule are dropped at the next commit. */
  readonly ruleNames: readonly string[];
  readonly log: (line: string) => void;
}

export type Mutes = ReadonlyMap<string, Mute>;

export class AlertStateStore {
  readonly #options: AlertStateStoreOptions;
  /** The conditions as last committed (or loaded), mutes left out. */
  #conditions: AlertsState = EMPTY_STATE;
  /** Each stored condition's JSON text as last committed (or read): what the next commit compares with. */
  #stored = new Map<string, StoredCondition>();

  constructor(options: AlertStateStoreOptions) {
    this.#options = options;
  }

  /** The conditions as last committed or loaded, without mutes. */
  get conditions(): AlertsState {
    return this.#conditions;
  }

  /** Reads the conditions from the store, replacing what was held. */
  async load(): Promise<void> {
    const read = await this.#read();
    this.#conditions = read.state;
    this.#stored = read.stored;
  }

  /** The mutes as the store has them now (some may have ended). */
  async mutes(): Promise<Mutes> {
    const rows = await this.#options.records.mutes(this.#options.group);
    return new Map(rows.map((row) => [row.rule, { until: row.until, by: row.by }]));
  }

  /** The conditions and the mutes as the store has them now, without touching what the engine holds. */
  async current(): Promise<AlertsState> {
    const [read, mutes] = await Promise.all([this.#read(), this.mutes()]);
    return withMutes(read.state, mutes, this.#options.ruleNames);
  }

  /** The state to evaluate: the conditions held, under these mutes. */
  withMutes(mutes: Mutes): AlertsState {
    return withMutes(this.#conditions, mutes, this.#options.ruleNames);
  }

  /**
   * Writes `next`'s conditions and `posts` in one transaction, and removes the mutes `next` no
   * longer has among `mutes` (they ended; one muted again since stays). Resolves with the keys of
   * the posts written now. Nothing changes in memory unless the transaction committed.
   */
  async commit(
    next: AlertsState,
    mutes: Mutes,
    posts: readonly AlertPostRecord[],
    now: number,
  ): Promise<ReadonlySet<string>> {
    const stored = new Map<string, StoredCondition>();
    const put: AlertConditionRecord[] = [];
    for (const [rule, ruleState] of next.rules) {
      for (const [key, condition] of ruleState.conditions) {
        const state = asStoredValue(condition);
        const text = JSON.stringify(state);
        const id = conditionId(rule, key);
        stored.set(id, { rule, key, text });
        if (this.#stored.get(id)?.text !== text) put.push({ rule, key, state });
      }
    }
    const remove = [...this.#stored]
      .filter(([id]) => !stored.has(id))
      .map(([, condition]) => ({ rule: condition.rule, key: condition.key }));
    const expiredMutes = [...mutes.keys()].filter(
      (rule) => this.#options.ruleNames.includes(rule) && ruleStateOf(next, rule).mute === undefined,
    );
    const change: AlertStateCommit = { put, remove, expiredMutes, posts };
    const written =
      put.length + remove.length + expiredMutes.length + posts.length === 0
        ? new Set<string>()
        : await this.#options.records.commit(this.#options.group, change, now);
    this.#conditions = withoutMutes(next);
    this.#stored = stored;
    return written;
  }

  async #read(): Promise<{ state: AlertsState; stored: Map<string, StoredCondition> }> {
    const { records, group, ruleNames, log } = this.#options;
    const rows = await records.conditions(group);
    const stored = new Map<string, StoredCondition>();
    const rules = new Map<string, Map<string, ConditionState>>();
    for (const row of rows) {
      // Every row is remembered, so that the next commit removes those not kept here.
      stored.set(conditionId(row.rule, row.key), {
        rule: row.rule,
        key: row.key,
        text: JSON.stringify(row.state),
      });
      if (!ruleNames.includes(row.rule)) continue;
      const parsed = conditionSchema.safeParse(row.state);
      if (!parsed.success) {
        log(
          `alerts: the stored condition ${row.key} of rule ${row.rule} cannot be used (${parsed.error.issues[0]?.message}); it is dropped`,
        );
        continue;
      }
      const conditions = rules.get(row.rule) ?? new Map<string, ConditionState>();
      conditions.set(row.key, parsed.data);
      rules.set(row.rule, conditions);
    }
    const state: AlertsState = {
      rules: new Map([...rules].map(([rule, conditions]): [string, RuleState] => [rule, { conditions }])),
    };
    return { state, stored };
  }
}

interface StoredCondition {
  readonly rule: string;
  readonly key: string;
  readonly text: string;
}

function conditionId(rule: string, key: string): string {
  return `${rule}\u0000${key}`;
}

function withMutes(conditions: AlertsState, mutes: Mutes, ruleNames: readonly string[]): AlertsState {
  const rules = new Map(conditions.rules);
  for (const [rule, mute] of mutes) {
    if (!ruleNames.includes(rule)) continue;
    rules.set(rule, { conditions: ruleStateOf(conditions, rule).conditions, mute });
  }
  return { rules };
}

function withoutMutes(state: AlertsState): AlertsState {
  const rules = new Map<string, RuleState>();
  for (const [rule, ruleState] of state.rules) {
    if (ruleState.conditions.size > 0) rules.set(rule, { conditions: ruleState.conditions });
  }
  return { rules };
}
