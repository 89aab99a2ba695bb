/**
 * Occupancy alerts, running: the engine subscribes to the status feed (which follows the status
 * files and probes the server) and composes three units on what it hands out: evaluation (pure,
 * evaluation-step.ts), the state in the state store (AlertStateStore), and delivery to the sinks
 * (AlertDelivery). Its own timer (EvaluationTimer) wakes it only when time alone can change an
 * evaluation: a mute or a cooldown ending, the status files turning stale.
 *
 * Only the leader runs it (start and stop, as often as leadership comes and goes); every
 * instance answers `/chat alerts`, mute and unmute from the store. Evaluations run one at a time,
 * in order. Each reads the mutes from the store (a mute typed on another instance holds at once),
 * then commits the conditions and the posts they imply (the alert outbox) in one transaction
 * before anything is queued; a post is marked in the outbox once sent. A start first sends what
 * the outbox holds unsent, in order, so a crash or a takeover neither loses a post nor makes it
 * twice (but for one sent and not yet marked: see the README).
 */

import type { RoomDirectory } from '../rooms/index.ts';
import type { AlertPostRecord, StateStore } from '../state/index.ts';
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
import { type AlertChart, AlertDelivery, type RoutedPost } from './alert-delivery.ts';
import { type AlertRule, type AlertsSettings, isRoomRule } from './alert-rule.ts';
import type { AlertSink } from './alert-sink.ts';
import { importAlertStateFile } from './alert-state-import.ts';
import { AlertStateStore, type Mutes } from './alert-state-store.ts';
import type { AlertsOverview, AlertsService, MuteOutcome, UnmuteOutcome } from './alerts-service.ts';
import type { DeliveryObserver, DeliveryTuning, PostOutcome } from './delivery-queue.ts';
import type { Notice } from './evaluate.ts';
import { evaluationStep } from './evaluation-step.ts';
import { EvaluationTimer } from './evaluation-timer.ts';
import { type Observation, observe, type ProbeResult } from './observation.ts';
import { outboxKey, replyOfStored, storedMessage } from './outbox-post.ts';
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
  /** How long the room directory's names and capacities are used before asking again; default 60 s. */
  readonly roomRefreshMs?: number;
  /** How soon a room the names do not cover (a new room) has the directory asked again; default 5 s. */
  readonly unknownRoomRefreshMs?: number;
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
  /** Where the alert state, the mutes and the outbox are kept, by `group`. */
  readonly store: Pick<StateStore, 'alerts' | 'location'>;
  /** `<state.dir>/alerts.json`, as releases before the state store kept it: imported once. */
  readonly importFile?: string;
  /** Room names and capacities; without it rooms are named by id and only configured capacities count. */
  readonly rooms?: Pick<RoomDirectory, 'list' | 'revision'>;
  /** Every alert sent or failed, and what else the engine has to say, one line at a time. */
  readonly log: (line: string) => void;
  /** The instance that runs the alerts when this one does not (several instances), for `/chat alerts`. */
  readonly leader?: () => string | undefined;
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

/**
 * Names and capacities change when someone edits a room: the bot's own edits are seen at once (the
 * directory's revision), new rooms within UNKNOWN_ROOM_REFRESH_MS, others' edits within a minute.
 */
const DEFAULT_ROOM_REFRESH_MS = 60_000;
const DEFAULT_UNKNOWN_ROOM_REFRESH_MS = 5_000;
/** A commit the store refused is tried again this soon, if nothing else wakes the engine before. */
const STORE_RETRY_MS = 5_000;
/** How long a finished post's row is kept (its key, where, when and outcome): a week. */
const FINISHED_POSTS_KEPT_MS = 7 * 24 * 60 * 60_000;

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
  /** The import of alerts.json, once per process (retried after a failure). */
  #imported: Promise<void> | undefined;
  #evaluationQueued = false;
  /** The last evaluation could not read or commit: said once, and again when the store answers. */
  #storeFailing = false;
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
      records: options.store.alerts,
      group: options.group,
      ruleNames: this.#rules.map((rule) => rule.name),
      log,
    });
    this.#delivery = new AlertDelivery({
      log,
      tuning: options.tuning?.delivery,
      observer: options.observer,
      chart: options.chart,
      onFinished: (post, outcome) => this.#markFinished(post.key, outcome),
    });
    this.#roomFacts = new RoomFactsCache({
      directory: options.rooms,
      capacities: options.settings.capacities,
      wanted: this.#rules.some((rule) => isRoomRule(rule.condition)),
      refreshMs: options.tuning?.roomRefreshMs ?? DEFAULT_ROOM_REFRESH_MS,
      unknownRoomRefreshMs: options.tuning?.unknownRoomRefreshMs ?? DEFAULT_UNKNOWN_ROOM_REFRESH_MS,
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
   * it created): reads the state from the store (another instance may have led since the last
   * start), sends what the outbox holds unsent, then follows the feed. With no rules configured
   * the engine follows nothing. Start again after stop() as often as leadership comes back.
   */
  async start(sinks: readonly AlertSink[]): Promise<void> {
    if (this.#running) throw new Error('the alert engine is already running');
    this.#running = true;
    this.#changedRooms = 'all';
    this.#snapshot = undefined;
    this.#lastObservation = undefined;
    try {
      await this.#importOnce();
      await this.#state.load();
      this.#delivery.attach(sinks);
      await this.#resumeOutbox();
    } catch (error) {
      this.#running = false;
      await this.#delivery.stop();
      throw error;
    }
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

  /**
   * Stops following the feed; posts still waiting are left in the outbox (with a log line each),
   * for the next start, here or on another instance.
   */
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

  /** The state as the store has it now, on any instance: the leader's last commit and every mute. */
  async overview(): Promise<AlertsOverview> {
    await this.#importOnce();
    // Room names in the rules are shown as unknown only if the directory does not know them now.
    const [state] = await Promise.all([this.#state.current(), this.#roomFacts.refresh()]);
    const now = this.#now();
    const rules = this.#rules.map((rule) => ruleStatus(rule, state, this.#roomFacts.facts, now));
    const leader = this.#running ? undefined : this.#options.leader?.();
    return { running: this.#running, ...(leader === undefined ? {} : { leader }), rules };
  }

  /** Writes the mute to the store, on any instance: the leader's next evaluation reads it. */
  async mute(ruleName: string, durationMs: number, by: string): Promise<MuteOutcome> {
    await this.#importOnce();
    const rule = findRule(this.#rules, ruleName);
    if (typeof rule === 'string') return { ok: false, message: rule };
    const until = this.#now() + durationMs;
    await this.#options.store.alerts.mute(this.#options.group, { rule: rule.name, until, by });
    this.#log(`alerts: rule ${rule.name} muted by ${by} until ${formatTime(until)}`);
    // Here the engine runs: evaluated now, its timer is set for the mute's end.
    this.#evaluateSoon();
    return { ok: true, rule: rule.name, until: new Date(until) };
  }

  /**
   * Removes the mute from the store, on any instance. Where the engine runs, what changed while
   * muted is caught up now; elsewhere the leader does at its next evaluation.
   */
  async unmute(ruleName: string): Promise<UnmuteOutcome> {
    await this.#importOnce();
    const rule = findRule(this.#rules, ruleName);
    if (typeof rule === 'string') return { ok: false, message: rule };
    const removed = await this.#options.store.alerts.unmute(this.#options.group, rule.name);
    const wasMuted = removed !== undefined && removed.until > this.#now();
    if (wasMuted) this.#log(`alerts: rule ${rule.name} unmuted`);
    if (this.#running) {
      await this.#serially(async () => {
        this.#changedRooms = 'all';
        await this.#evaluate();
      });
    }
    return { ok: true, rule: rule.name, wasMuted };
  }

  /** alerts.json, imported the first time the state is asked for (see alert-state-import.ts). */
  #importOnce(): Promise<void> {
    const { importFile, store, group } = this.#options;
    if (importFile === undefined) return Promise.resolve();
    this.#imported ??= importAlertStateFile({
      records: store.alerts,
      group,
      file: importFile,
      storeLocation: store.location,
      log: (line) => this.#log(line),
      now: this.#now(),
    }).catch((error: unknown) => {
      this.#imported = undefined;
      throw error;
    });
    return this.#imported;
  }

  /** What the outbox holds unsent (a previous leader's, or this one's before a stop), in order. */
  async #resumeOutbox(): Promise<void> {
    const { alerts } = this.#options.store;
    const { group } = this.#options;
    const now = this.#now();
    await alerts.pruneFinishedPosts(group, now - FINISHED_POSTS_KEPT_MS);
    const unfinished = await alerts.unfinishedPosts(group);
    if (unfinished.length === 0) return;
    this.#log(
      `alerts: ${unfinished.length === 1 ? '1 post' : `${unfinished.length} posts`} written to the outbox and not marked sent: sending ${unfinished.length === 1 ? 'it' : 'them'} first`,
    );
    for (const record of unfinished) {
      const post = await this.#postOfRecord(record);
      if (post === undefined) continue;
      if (this.#delivery.routes(post.platform)) {
        this.#delivery.enqueue(post);
        continue;
      }
      this.#log(
        `alerts: not posted to ${record.platform} ${record.channel} (no ${record.platform} sink attached): ${record.description}`,
      );
      await this.#markFinished(record.key, 'dropped');
    }
  }

  /** The post a row of the outbox holds; one that cannot be read is logged and marked failed. */
  async #postOfRecord(record: AlertPostRecord): Promise<RoutedPost | undefined> {
    const { platform } = record;
    try {
      if (platform !== 'slack' && platform !== 'discord' && platform !== 'console')
        throw new Error(`unknown platform ${platform}`);
      const reply = replyOfStored(record.message);
      return { platform, channelId: record.channel, reply, description: record.description, key: record.key };
    } catch (error) {
      this.#log(
        `alerts: a post in the outbox cannot be read (${describeError(error)}); not posted: ${record.description}`,
      );
      await this.#markFinished(record.key, 'failed');
      return undefined;
    }
  }

  /** Marks a post of the outbox finished; a post with no key (never written there) has nothing to mark. */
  async #markFinished(key: string | undefined, outcome: PostOutcome): Promise<void> {
    if (key === undefined) return;
    await this.#options.store.alerts.finishPost(this.#options.group, key, outcome, this.#now());
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

  /**
   * One evaluation: run only inside #serially. The mutes as the store has them now; the new state
   * and its posts committed together; only then the posts queued. A store that does not answer
   * posts nothing: the same evaluation is made again (at the latest STORE_RETRY_MS later).
   */
  async #evaluate(): Promise<void> {
    if (!this.#running) return;
    const changedRooms = this.#changedRooms;
    this.#changedRooms = new Set();
    try {
      let mutes: Mutes;
      try {
        mutes = await this.#state.mutes();
      } catch (error) {
        this.#storeFailed('the mutes could not be read', error);
        return;
      }
      if (!this.#running) return;
      const now = this.#now();
      const observation = observe(
        this.#options.group,
        this.#snapshot,
        this.#roomFacts.facts,
        changedRooms === 'all' ? undefined : changedRooms,
      );
      this.#lastObservation = observation;
      void this.#roomFacts.refresh(
        changedRooms === 'all' ? roomCountsOf(this.#snapshot)?.keys() : changedRooms,
      );
      const step = evaluationStep(this.#evaluationContext(), this.#state.withMutes(mutes), observation, now);
      const posts: RoutedPost[] = [];
      const unrouted: string[] = [];
      for (const notice of step.notices) {
        const prepared = await this.#delivery.prepare(notice);
        posts.push(...prepared.posts.map((post) => ({ ...post, key: this.#keyOf(notice, post) })));
        unrouted.push(...prepared.unrouted);
      }
      let written: ReadonlySet<string>;
      try {
        written = await this.#state.commit(step.state, mutes, posts.map(postRecord), now);
      } catch (error) {
        this.#storeFailed('the alert state could not be committed', error);
        return;
      }
      if (this.#storeFailing) {
        this.#storeFailing = false;
        this.#log('alerts: the state store answers again');
      }
      for (const line of step.lines) this.#log(line);
      for (const line of unrouted) this.#log(line);
      for (const post of posts) {
        if (post.key !== undefined && written.has(post.key)) this.#delivery.enqueue(post);
        else
          this.#log(
            `alerts: already in the outbox, not written again: ${post.description} for ${post.platform} ${post.channelId}`,
          );
      }
      if (this.#running) this.#timer.set(step.wakeAt, now);
    } catch (error) {
      // Whatever this evaluation did not get to is looked at again by the next one.
      this.#changedRooms = 'all';
      throw error;
    }
  }

  #keyOf(notice: Notice, post: RoutedPost): string {
    return outboxKey(this.#options.group, notice, post.platform, post.channelId);
  }

  /** Nothing was committed, so nothing is posted: the whole evaluation is made again soon (said once). */
  #storeFailed(what: string, error: unknown): void {
    this.#changedRooms = 'all';
    if (!this.#storeFailing)
      this.#log(
        `alerts: ${what} (the state store: ${describeError(error)}); nothing is posted until it answers, tried again at the next evaluation`,
      );
    this.#storeFailing = true;
    const now = this.#now();
    if (this.#running) this.#timer.set(now + STORE_RETRY_MS, now);
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

function postRecord(post: RoutedPost): AlertPostRecord {
  if (post.key === undefined) throw new Error(`alerts: a post without a key: ${post.description}`);
  return {
    key: post.key,
    platform: post.platform,
    channel: post.channelId,
    description: post.description,
    message: storedMessage(post.reply),
  };
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
