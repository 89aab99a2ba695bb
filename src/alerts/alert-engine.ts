/**
 * Occupancy alerts, running: the engine subscribes to the status feed (which follows the status
 * files and probes the server) and composes three units on what it hands out: evaluation (pure,
 * evaluation-step.ts), the state and its file (AlertStateStore), and delivery to the sinks
 * (AlertDelivery). Its own timer (EvaluationTimer) wakes it only when time alone can change an
 * evaluation: a mute or a cooldown ending, the status files turning stale.
 *
 * Everything that reads or changes the state runs one task at a time, in order; the state is
 * written (atomically) before the notices it implies are queued, so a restart never repeats an
 * alert (a crash in between loses a notice rather than doubling it).
 */

import type { RoomDirectory } from '../rooms/index.ts';
import {
  FilesStatusFeed,
  roomCountsOf,
  type StatusFeed,
  type StatusFeedError,
  type StatusReadOptions,
  type StatusSnapshot,
  type StatusSubscription,
  type StatusUpdate,
  type StatusWatchMode,
} from '../status/index.ts';
import { formatTime } from '../time/format-duration.ts';
import { type AlertChart, AlertDelivery } from './alert-delivery.ts';
import { type AlertRule, type AlertsSettings, isRoomRule } from './alert-rule.ts';
import type { AlertSink } from './alert-sink.ts';
import { isMuted, muteRule, ruleStateOf, unmuteRule } from './alert-state.ts';
import { AlertStateStore } from './alert-state-store.ts';
import type { AlertsOverview, AlertsService, MuteOutcome, UnmuteOutcome } from './alerts-service.ts';
import type { DeliveryObserver, DeliveryTuning } from './delivery-queue.ts';
import { evaluationStep, nextEvaluationAt } from './evaluation-step.ts';
import { EvaluationTimer } from './evaluation-timer.ts';
import { type Observation, observe, type ProbeResult } from './observation.ts';
import { RoomFactsCache } from './room-facts.ts';
import { findRule, ruleStatus } from './rule-status.ts';

/** Timings the tests shorten; production uses the defaults. */
export interface AlertEngineTuning {
  /** For the engine's own feed (no `feed` given); a shared feed has its own. */
  readonly watch?: {
    readonly debounceMs?: number;
    readonly mode?: StatusWatchMode;
    readonly pollIntervalMs?: number;
  };
  readonly delivery?: DeliveryTuning;
  /** For the engine's own feed (no `feed` given). */
  readonly statusReads?: StatusReadOptions;
  /** How long the room directory's names and capacities are used before asking again; default 5 s. */
  readonly roomRefreshMs?: number;
}

export interface AlertEngineOptions {
  readonly settings: AlertsSettings;
  /** The chat group watched. */
  readonly group: string;
  /**
   * The status feed of the group, shared with the other consumers (the occupancy recorder). Without
   * it the engine follows `statusFolder` with a feed of its own, probing with `probe`.
   */
  readonly feed?: StatusFeed;
  /** `<dataDir>/<group>`, for the engine's own feed. */
  readonly statusFolder?: string;
  /** The liveness probe of the engine's own feed (a TCP connect to the Server API port in production). */
  readonly probe?: () => Promise<ProbeResult>;
  /** `<state.dir>/alerts.json`. */
  readonly stateFile: string;
  /** Room names and capacities; without it rooms are named by id and only configured capacities count. */
  readonly rooms?: Pick<RoomDirectory, 'list'>;
  /** Every alert sent or failed, and what else the engine has to say, one line at a time. */
  readonly log: (line: string) => void;
  readonly tuning?: AlertEngineTuning;
  /** Told of every post attempt and of the queues' lengths (metrics). */
  readonly observer?: DeliveryObserver;
  /** Clock; default Date.now. Status files' ages are measured against it. */
  readonly now?: () => number;
  /**
   * The last hour's occupancy chart, for alerts of rules with `attachChart`: a room rule's room,
   * or (roomId undefined) the logged-in users. Undefined or failing: alerts go without a chart.
   */
  readonly chart?: AlertChart;
}

const DEFAULT_ROOM_REFRESH_MS = 5_000;

export class AlertEngine implements AlertsService {
  readonly #options: AlertEngineOptions;
  readonly #rules: readonly AlertRule[];
  readonly #now: () => number;
  readonly #state: AlertStateStore;
  readonly #delivery: AlertDelivery;
  readonly #roomFacts: RoomFactsCache;
  readonly #timer: EvaluationTimer;
  #feed: StatusFeed | undefined;
  #ownFeed: FilesStatusFeed | undefined;
  #subscription: StatusSubscription | undefined;
  #snapshot: StatusSnapshot | undefined;
  #chain: Promise<void> = Promise.resolve();
  #evaluationQueued = false;
  #running = false;
  #lastObservation: Observation | undefined;
  /** The rooms that may have changed since the last evaluation; `all`: any room may have. */
  #changedRooms: Set<number> | 'all' = 'all';

  constructor(options: AlertEngineOptions) {
    if (options.feed === undefined && options.statusFolder === undefined) {
      throw new RangeError('the alert engine needs a status feed or a status folder');
    }
    this.#options = options;
    this.#rules = options.settings.rules;
    this.#now = options.now ?? Date.now;
    const log = (line: string) => this.#log(line);
    this.#state = new AlertStateStore({
      file: options.stateFile,
      ruleNames: this.#rules.map((rule) => rule.name),
      log,
    });
    this.#delivery = new AlertDelivery({
      log,
      tuning: options.tuning?.delivery,
      observer: options.observer,
      chart: options.chart,
    });
    this.#roomFacts = new RoomFactsCache({
      directory: options.rooms,
      capacities: options.settings.capacities,
      wanted: this.#rules.some((rule) => isRoomRule(rule.condition)),
      refreshMs: options.tuning?.roomRefreshMs ?? DEFAULT_ROOM_REFRESH_MS,
      now: this.#now,
      log,
      onChange: () => {
        // A name or a capacity changed: a rule's rooms or a room's fill level may be others now.
        this.#changedRooms = 'all';
        if (this.#lastObservation !== undefined) this.#evaluateSoon();
      },
    });
    this.#timer = new EvaluationTimer(() => this.#evaluateSoon());
  }

  get rules(): readonly AlertRule[] {
    return this.#rules;
  }

  get running(): boolean {
    return this.#running;
  }

  /**
   * Starts alerting into these sinks (one per platform; the app passes the Slack and Discord sinks
   * it created). With no rules configured the engine stays idle and subscribes to nothing.
   */
  async start(sinks: readonly AlertSink[]): Promise<void> {
    if (this.#running) throw new Error('the alert engine is already running');
    this.#running = true;
    this.#changedRooms = 'all';
    await this.#state.load();
    this.#delivery.attach(sinks);
    if (this.#rules.length === 0) return;
    this.#delivery.warnAboutMissingSinks(this.#rules);
    const feed = this.#options.feed ?? this.#startOwnFeed();
    this.#feed = feed;
    this.#subscription = feed.subscribe((update) => this.#statusUpdated(update), {
      // Every probe interval: the probe, and online.txt's age (no event tells a file has grown old).
      checkEveryMs: this.#options.settings.probeIntervalMs,
      reachability: this.#rules.some((rule) => rule.condition.kind === 'serverDown'),
    });
    // The first evaluation sees everything: files, a probe answer, room names and capacities.
    const [first] = await Promise.all([this.#subscription.ready, this.#roomFacts.refresh()]);
    this.#snapshot ??= first;
    await this.#serially(() => this.#evaluate());
  }

  /** Stops following the feed; posts still waiting are dropped with a log line. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#timer.cancel();
    await this.#subscription?.close();
    this.#subscription = undefined;
    await this.#ownFeed?.close();
    this.#ownFeed = undefined;
    await this.#chain;
    await this.#delivery.stop();
  }

  /** Resolves once the changes seen so far are evaluated and their posts delivered (or given up). */
  async settled(): Promise<void> {
    for (;;) {
      await this.#feed?.settled();
      const chain = this.#chain;
      await chain;
      await this.#delivery.idle();
      if (chain === this.#chain && !this.#evaluationQueued) return;
    }
  }

  /** What the last evaluation saw (for diagnostics and tests). */
  lastObservation(): Observation | undefined {
    return this.#lastObservation;
  }

  async overview(): Promise<AlertsOverview> {
    // Room names in the rules are shown as unknown only if the directory does not know them now.
    await Promise.all([this.#state.load(), this.#roomFacts.refresh()]);
    const now = this.#now();
    const rules = this.#rules.map((rule) => ruleStatus(rule, this.#state.state, this.#roomFacts.facts, now));
    return { running: this.#running, rules };
  }

  mute(ruleName: string, durationMs: number, by: string): Promise<MuteOutcome> {
    return this.#serially(async () => {
      await this.#state.load();
      const rule = findRule(this.#rules, ruleName);
      if (typeof rule === 'string') return { ok: false, message: rule };
      const until = this.#now() + durationMs;
      const muted = muteRule(this.#state.state, rule.name, { until, by });
      this.#log(`alerts: rule ${rule.name} muted by ${by} until ${formatTime(until)}`);
      await this.#state.commit(muted);
      this.#scheduleWake(this.#now());
      return { ok: true, rule: rule.name, until: new Date(until) };
    });
  }

  unmute(ruleName: string): Promise<UnmuteOutcome> {
    return this.#serially(async () => {
      await this.#state.load();
      const rule = findRule(this.#rules, ruleName);
      if (typeof rule === 'string') return { ok: false, message: rule };
      const wasMuted = isMuted(ruleStateOf(this.#state.state, rule.name), this.#now());
      const unmuted = unmuteRule(this.#state.state, rule.name);
      if (wasMuted) this.#log(`alerts: rule ${rule.name} unmuted`);
      await this.#state.commit(unmuted);
      // What changed while muted is caught up now, not at the next change.
      this.#changedRooms = 'all';
      if (this.#running) await this.#evaluate();
      return { ok: true, rule: rule.name, wasMuted };
    });
  }

  #startOwnFeed(): StatusFeed {
    const { group, statusFolder, probe, tuning } = this.#options;
    if (statusFolder === undefined) throw new RangeError('the alert engine needs a status folder');
    this.#ownFeed = new FilesStatusFeed({
      server: group,
      folder: statusFolder,
      watch: tuning?.watch,
      reads: tuning?.statusReads,
      probe,
      onError: (error) => this.#log(describeFeedError(error)),
    });
    return this.#ownFeed;
  }

  #statusUpdated(update: StatusUpdate): void {
    if (!this.#running) return;
    this.#noteChangedRooms(update, this.#snapshot);
    this.#snapshot = update.snapshot;
    // A check comes every probe interval: the room directory is asked again then too.
    if (update.cause === 'check') void this.#roomFacts.refresh().then(() => this.#evaluateSoon());
    else this.#evaluateSoon();
  }

  #noteChangedRooms(update: StatusUpdate, before: StatusSnapshot | undefined): void {
    const changed = this.#changedRooms;
    if (changed === 'all') return;
    // A tick reads everything again without saying what changed; rooms listed again after they
    // could not be (or no longer listed) may all differ.
    const listedBefore = roomCountsOf(before) !== undefined;
    const listedNow = roomCountsOf(update.snapshot) !== undefined;
    if (update.cause === 'tick' || listedBefore !== listedNow) this.#changedRooms = 'all';
    // A check reads the totals' age, no room.
    else if (update.cause === 'change') for (const id of update.changed.rooms) changed.add(id);
  }

  /** Queues one evaluation; updates that arrive while it waits its turn are evaluated along with it. */
  #evaluateSoon(): void {
    if (!this.#running || this.#evaluationQueued) return;
    this.#evaluationQueued = true;
    void this.#serially(async () => {
      this.#evaluationQueued = false;
      await this.#evaluate();
    }).catch(() => undefined);
  }

  /** Runs `task` after every task before it; a failing task is logged and does not stop the others. */
  #serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#chain.then(task);
    this.#chain = result.then(
      () => undefined,
      (error: unknown) => this.#log(`alerts: internal error: ${describeError(error)}`),
    );
    return result;
  }

  /** One evaluation: run only inside #serially. */
  async #evaluate(): Promise<void> {
    if (!this.#running) return;
    const changedRooms = this.#changedRooms;
    this.#changedRooms = new Set();
    try {
      const now = this.#now();
      const observation = observe(
        this.#options.group,
        this.#snapshot,
        this.#roomFacts.facts,
        changedRooms === 'all' ? undefined : changedRooms,
      );
      this.#lastObservation = observation;
      void this.#roomFacts.refresh();
      const step = evaluationStep(this.#evaluationContext(), this.#state.state, observation, now);
      for (const line of step.lines) this.#log(line);
      await this.#state.commit(step.state);
      for (const notice of step.notices) await this.#delivery.deliver(notice);
      if (this.#running) this.#timer.set(step.wakeAt, now);
    } catch (error) {
      // Whatever this evaluation did not get to is looked at again by the next one.
      this.#changedRooms = 'all';
      throw error;
    }
  }

  #scheduleWake(now: number): void {
    if (!this.#running) return;
    const at = nextEvaluationAt(
      this.#evaluationContext(),
      this.#state.state,
      this.#snapshot?.newestWriteAt,
      now,
    );
    this.#timer.set(at, now);
  }

  #evaluationContext() {
    return { rules: this.#rules, staleAfterMs: this.#options.settings.staleAfterMs };
  }

  #log(line: string): void {
    try {
      this.#options.log(line);
    } catch {
      // A log callback that throws must not stop alerting.
    }
  }
}

function describeFeedError(error: StatusFeedError): string {
  if (error.kind === 'listener-failed' || error.kind === 'read-failed') {
    return `alerts: internal error: ${describeError(error.cause)}`;
  }
  return `alerts: status watch: ${error.message}`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
