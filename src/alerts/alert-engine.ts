/**
 * Occupancy alerts, running: watches the status folder (debounced, with the watch's polling
 * fallback), probes the Server API every probe interval, evaluates the rules after each change,
 * keeps the state on disk, and hands notices to one delivery queue per sink.
 *
 * Everything that reads or changes the state runs one task at a time, in order; the state is
 * written (atomically) before the notices it implies are queued, so a restart never repeats an
 * alert (a crash in between loses a notice rather than doubling it).
 */

import type { Platform } from '../permissions/identity.ts';
import type { ReplyAttachment } from '../replies/reply.ts';
import type { RoomDirectory } from '../rooms/index.ts';
import {
  type StatusChangeListener,
  type StatusFolderWatch,
  type StatusReadOptions,
  type StatusWatchMode,
  watchStatusFolder,
} from '../status/index.ts';
import { nearest } from '../text/nearest.ts';
import { formatTime } from '../time/format-duration.ts';
import { type AlertRule, type AlertsSettings, describeCondition, isRoomRule } from './alert-rule.ts';
import type { AlertSink } from './alert-sink.ts';
import {
  type AlertsState,
  EMPTY_STATE,
  isMuted,
  keepRules,
  muteRule,
  ruleStateOf,
  unmuteRule,
} from './alert-state.ts';
import type {
  ActiveCondition,
  AlertRuleStatus,
  AlertsOverview,
  AlertsService,
  MuteOutcome,
  UnmuteOutcome,
} from './alerts-service.ts';
import { type DeliveryObserver, DeliveryQueue, type DeliveryTuning } from './delivery-queue.ts';
import { type AlertEvent, evaluate, type Notice, nextWakeAt } from './evaluate.ts';
import type { Observation, ProbeResult, RoomFacts } from './observation.ts';
import { type ReadingFacts, roomScope } from './readings.ts';
import { describeNotice, renderNotice } from './render-notice.ts';
import { loadAlertsState, saveAlertsState, serializeAlertsState } from './state-file.ts';
import { StatusSnapshot } from './status-snapshot.ts';

/** Timings the tests shorten; production uses the defaults. */
export interface AlertEngineTuning {
  readonly watch?: {
    readonly debounceMs?: number;
    readonly mode?: StatusWatchMode;
    readonly pollIntervalMs?: number;
  };
  readonly delivery?: DeliveryTuning;
  readonly statusReads?: StatusReadOptions;
  /** How long the room directory's names and capacities are used before asking again; default 5 s. */
  readonly roomRefreshMs?: number;
}

export interface AlertEngineOptions {
  readonly settings: AlertsSettings;
  /** The chat group watched. */
  readonly group: string;
  /** `<dataDir>/<group>`. */
  readonly statusFolder: string;
  /** `<state.dir>/alerts.json`. */
  readonly stateFile: string;
  /** The liveness probe (a TCP connect to the Server API port in production). */
  readonly probe: () => Promise<ProbeResult>;
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
   * A watch of the status folder shared with others (the occupancy recorder's): the engine
   * subscribes to it instead of watching the folder itself; `tuning.watch` then does not apply.
   */
  readonly watch?: (listener: StatusChangeListener) => StatusFolderWatch;
  /**
   * The last hour's occupancy chart, for alerts of rules with `attachChart`: a room rule's room,
   * or (roomId undefined) the logged-in users. Undefined or failing: alerts go without a chart.
   */
  readonly chart?: (subject: { readonly roomId?: number }) => Promise<ReplyAttachment | undefined>;
}

const DEFAULT_ROOM_REFRESH_MS = 5_000;
/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2_147_483_647;

export class AlertEngine implements AlertsService {
  readonly #options: AlertEngineOptions;
  readonly #rules: readonly AlertRule[];
  readonly #now: () => number;
  readonly #snapshot: StatusSnapshot;
  readonly #queues = new Map<Platform, DeliveryQueue>();
  #state: AlertsState = EMPTY_STATE;
  #loading: Promise<void> | undefined;
  #writtenState: string | undefined;
  #chain: Promise<void> = Promise.resolve();
  #pendingFiles = new Set<string>();
  #readScheduled = false;
  #probe: ProbeResult | undefined;
  #roomFacts: ReadonlyMap<number, RoomFacts>;
  #roomsRefreshedAt: number | undefined;
  #roomsRefreshing: Promise<void> | undefined;
  #watch: StatusFolderWatch | undefined;
  #probeTimer: NodeJS.Timeout | undefined;
  #wakeTimer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  #running = false;
  #lastObservation: Observation | undefined;

  constructor(options: AlertEngineOptions) {
    this.#options = options;
    this.#rules = options.settings.rules;
    this.#now = options.now ?? Date.now;
    this.#snapshot = new StatusSnapshot(options.statusFolder, options.tuning?.statusReads);
    this.#roomFacts = configuredFacts(options.settings.capacities);
  }

  get rules(): readonly AlertRule[] {
    return this.#rules;
  }

  get running(): boolean {
    return this.#running;
  }

  /**
   * Starts watching and alerting into these sinks (one per platform; the app passes the Slack and
   * Discord sinks it created). With no rules configured the engine stays idle.
   */
  async start(sinks: readonly AlertSink[]): Promise<void> {
    if (this.#running) throw new Error('the alert engine is already running');
    this.#running = true;
    await this.#load();
    for (const sink of sinks) {
      if (this.#queues.has(sink.platform)) {
        this.#log(`alerts: a second ${sink.platform} sink was given; only the first is used`);
        continue;
      }
      this.#queues.set(
        sink.platform,
        new DeliveryQueue(sink, this.#options.log, this.#options.tuning?.delivery, this.#options.observer),
      );
    }
    if (this.#rules.length === 0) return;
    this.#warnAboutMissingSinks();
    const watchTuning = this.#options.tuning?.watch;
    const listener: StatusChangeListener = (names) => this.#filesChanged(names);
    this.#watch =
      this.#options.watch?.(listener) ??
      watchStatusFolder(
        this.#options.statusFolder,
        {
          debounceMs: watchTuning?.debounceMs,
          mode: watchTuning?.mode,
          pollIntervalMs: watchTuning?.pollIntervalMs,
          onError: (error) => this.#log(`alerts: status watch: ${error.message}`),
        },
        listener,
      );
    await this.#watch.ready;
    // The first evaluation sees everything: files, a probe answer, room names and capacities.
    await Promise.all([this.#probeNow(), this.#refreshRooms()]);
    await this.#serially(async () => {
      await this.#snapshot.readAll();
      await this.#evaluate();
    });
    this.#scheduleTick();
  }

  /** Stops watching and probing; posts still waiting are dropped with a log line. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    clearTimeout(this.#probeTimer);
    clearTimeout(this.#wakeTimer);
    await this.#watch?.close();
    this.#watch = undefined;
    await this.#ticking;
    await this.#chain;
    await Promise.all([...this.#queues.values()].map((queue) => queue.stop()));
    this.#queues.clear();
  }

  /** Resolves once the changes seen so far are evaluated and their posts delivered (or given up). */
  async settled(): Promise<void> {
    for (;;) {
      const chain = this.#chain;
      await chain;
      await Promise.all([...this.#queues.values()].map((queue) => queue.idle()));
      if (chain === this.#chain && !this.#readScheduled) return;
    }
  }

  /** What the last evaluation saw (for diagnostics and tests). */
  lastObservation(): Observation | undefined {
    return this.#lastObservation;
  }

  async overview(): Promise<AlertsOverview> {
    // Room names in the rules are shown as unknown only if the directory does not know them now.
    await Promise.all([this.#load(), this.#refreshRooms()]);
    const now = this.#now();
    const rules = this.#rules.map((rule) => this.#ruleStatus(rule, now));
    return { running: this.#running, rules };
  }

  mute(ruleName: string, durationMs: number, by: string): Promise<MuteOutcome> {
    return this.#serially(async () => {
      await this.#load();
      const rule = this.#findRule(ruleName);
      if (typeof rule === 'string') return { ok: false, message: rule };
      const until = this.#now() + durationMs;
      this.#state = muteRule(this.#state, rule.name, { until, by });
      this.#log(`alerts: rule ${rule.name} muted by ${by} until ${formatTime(until)}`);
      await this.#persist();
      this.#scheduleWake(this.#now());
      return { ok: true, rule: rule.name, until: new Date(until) };
    });
  }

  unmute(ruleName: string): Promise<UnmuteOutcome> {
    return this.#serially(async () => {
      await this.#load();
      const rule = this.#findRule(ruleName);
      if (typeof rule === 'string') return { ok: false, message: rule };
      const wasMuted = isMuted(ruleStateOf(this.#state, rule.name), this.#now());
      this.#state = unmuteRule(this.#state, rule.name);
      if (wasMuted) this.#log(`alerts: rule ${rule.name} unmuted`);
      await this.#persist();
      // What changed while muted is caught up now, not at the next change.
      if (this.#running) await this.#evaluate();
      return { ok: true, rule: rule.name, wasMuted };
    });
  }

  #findRule(typed: string): AlertRule | string {
    const wanted = typed.trim();
    const rule =
      this.#rules.find((candidate) => candidate.name === wanted) ??
      this.#rules.find((candidate) => candidate.name.toLowerCase() === wanted.toLowerCase());
    if (rule !== undefined) return rule;
    if (this.#rules.length === 0)
      return 'no alert rules are configured (alerts.rules in the configuration file)';
    const hint = nearest(
      wanted,
      this.#rules.map((candidate) => candidate.name),
    )[0];
    return `there is no alert rule "${wanted}"${hint === undefined ? '' : ` (did you mean "${hint}"?)`}. The rules: ${this.#rules.map((candidate) => candidate.name).join(', ')}`;
  }

  #load(): Promise<void> {
    this.#loading ??= loadAlertsState(this.#options.stateFile).then((loaded) => {
      if (loaded.status === 'unreadable') {
        this.#log(
          `alerts: the state file ${this.#options.stateFile} cannot be used (${loaded.reason}); starting afresh, and it is replaced at the next change`,
        );
      }
      this.#state = keepRules(
        loaded.state,
        this.#rules.map((rule) => rule.name),
      );
      if (loaded.status === 'ok') this.#writtenState = serializeAlertsState(loaded.state);
    });
    return this.#loading;
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

  #filesChanged(names: ReadonlySet<string>): void {
    if (!this.#running) return;
    for (const name of names) this.#pendingFiles.add(name);
    if (this.#readScheduled) return;
    this.#readScheduled = true;
    // Changes that arrive while this waits its turn are read along with it.
    void this.#serially(async () => {
      this.#readScheduled = false;
      const batch = this.#pendingFiles;
      this.#pendingFiles = new Set();
      if (!this.#running) return;
      await this.#snapshot.read(batch);
      await this.#evaluate();
    }).catch(() => undefined);
  }

  #scheduleTick(): void {
    if (!this.#running) return;
    this.#probeTimer = setTimeout(() => {
      this.#ticking = this.#tick().finally(() => {
        this.#ticking = undefined;
        this.#scheduleTick();
      });
    }, this.#options.settings.probeIntervalMs);
  }

  /** Every probe interval: the probe, online.txt's age (no event tells a file has grown old), the rules. */
  async #tick(): Promise<void> {
    await Promise.all([this.#probeNow(), this.#refreshRooms()]);
    if (!this.#running) return;
    await this.#serially(async () => {
      await this.#snapshot.readOnline();
      await this.#evaluate();
    }).catch(() => undefined);
  }

  async #probeNow(): Promise<void> {
    if (!this.#rules.some((rule) => rule.condition.kind === 'serverDown')) return;
    try {
      this.#probe = await this.#options.probe();
    } catch (error) {
      this.#probe = { reachable: false, reason: describeError(error) };
    }
  }

  /** Names and capacities from the room directory, at most every few seconds, never blocking an evaluation. */
  #refreshRooms(): Promise<void> {
    const directory = this.#options.rooms;
    if (directory === undefined || !this.#rules.some((rule) => isRoomRule(rule.condition))) {
      return Promise.resolve();
    }
    const refreshMs = this.#options.tuning?.roomRefreshMs ?? DEFAULT_ROOM_REFRESH_MS;
    const fresh = this.#roomsRefreshedAt !== undefined && this.#now() - this.#roomsRefreshedAt < refreshMs;
    if (fresh) return Promise.resolve();
    this.#roomsRefreshing ??= directory
      .list()
      .then(({ rooms }) => {
        this.#roomsRefreshedAt = this.#now();
        const facts = new Map(configuredFacts(this.#options.settings.capacities));
        for (const room of rooms) {
          const capacity = room.capacity ?? this.#options.settings.capacities.get(room.id);
          facts.set(room.id, withoutUndefined({ name: room.name, capacity }));
        }
        const changed = JSON.stringify([...facts]) !== JSON.stringify([...this.#roomFacts]);
        this.#roomFacts = facts;
        if (changed && this.#running && this.#lastObservation !== undefined) {
          void this.#serially(() => this.#evaluate()).catch(() => undefined);
        }
      })
      .catch((error: unknown) => this.#log(`alerts: could not list the rooms: ${describeError(error)}`))
      .finally(() => {
        this.#roomsRefreshing = undefined;
      });
    return this.#roomsRefreshing;
  }

  #observe(): Observation {
    return {
      group: this.#options.group,
      roomUsers: this.#snapshot.roomUsers,
      roomFacts: this.#roomFacts,
      online: this.#snapshot.online,
      newestStatusWriteAt: this.#snapshot.newestWriteAt,
      probe: this.#probe,
    };
  }

  /** One evaluation: run only inside #serially. */
  async #evaluate(): Promise<void> {
    if (!this.#running) return;
    const now = this.#now();
    const observation = this.#observe();
    this.#lastObservation = observation;
    void this.#refreshRooms();
    const result = evaluate(
      { rules: this.#rules, staleAfterMs: this.#options.settings.staleAfterMs },
      this.#state,
      observation,
      now,
    );
    this.#state = result.state;
    for (const event of result.events) this.#logEvent(event);
    await this.#persist();
    for (const notice of result.notices) await this.#dispatch(notice);
    this.#scheduleWake(now);
  }

  async #persist(): Promise<void> {
    const text = serializeAlertsState(this.#state);
    if (text === this.#writtenState) return;
    try {
      await saveAlertsState(this.#options.stateFile, text);
      this.#writtenState = text;
    } catch (error) {
      this.#log(
        `alerts: could not save the state to ${this.#options.stateFile} (${describeError(error)}); after a restart an alert may be repeated`,
      );
    }
  }

  async #dispatch(notice: Notice): Promise<void> {
    const description = describeNotice(notice);
    const chart = await this.#chartFor(notice, description);
    const reply = chart === undefined ? renderNotice(notice) : { ...renderNotice(notice), attachment: chart };
    for (const [platform, channelId] of channelsOf(notice.rule)) {
      const queue = this.#queues.get(platform);
      if (queue === undefined) {
        this.#log(
          `alerts: not posted to ${platform} ${channelId} (no ${platform} sink attached): ${description}`,
        );
        continue;
      }
      queue.enqueue({ channelId, reply, description });
    }
  }

  /** The last hour's chart for an alert of a rule that asks for one; undefined when none can be had. */
  async #chartFor(notice: Notice, description: string): Promise<ReplyAttachment | undefined> {
    const chart = this.#options.chart;
    if (notice.type !== 'alert' || notice.rule.attachChart !== true) return undefined;
    if (chart === undefined) {
      this.#log(`alerts: ${description}: no chart attached (occupancy history is off: stats.enabled)`);
      return undefined;
    }
    try {
      return await chart(notice.facts.kind === 'room' ? { roomId: notice.facts.roomId } : {});
    } catch (error) {
      this.#log(
        `alerts: ${description}: the chart could not be drawn (${describeError(error)}); sent without it`,
      );
      return undefined;
    }
  }

  #scheduleWake(now: number): void {
    clearTimeout(this.#wakeTimer);
    this.#wakeTimer = undefined;
    if (!this.#running) return;
    const candidates = [nextWakeAt(this.#rules, this.#state, now), this.#staleAt(now)].filter(
      (at): at is number => at !== undefined,
    );
    if (candidates.length === 0) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, Math.min(...candidates) - now));
    this.#wakeTimer = setTimeout(() => {
      void this.#serially(() => this.#evaluate()).catch(() => undefined);
    }, delay);
  }

  /** When the status files turn stale if nothing is written before: a serverDown rule should not wait for the next probe. */
  #staleAt(now: number): number | undefined {
    const { staleAfterMs } = this.#options.settings;
    const newest = this.#snapshot.newestWriteAt;
    if (staleAfterMs === undefined || newest === undefined) return undefined;
    if (!this.#rules.some((rule) => rule.condition.kind === 'serverDown')) return undefined;
    const at = newest + staleAfterMs + 1;
    return at > now ? at : undefined;
  }

  #logEvent(event: AlertEvent): void {
    switch (event.kind) {
      case 'held':
        this.#log(
          event.reason === 'muted'
            ? `alerts: ${event.rule}: ${event.label} ${event.change} while the rule is muted (until ${formatTime(event.until)}); not posted`
            : `alerts: ${event.rule}: ${event.label} started again within the cooldown; not announced unless it still holds at ${formatTime(event.until)}`,
        );
        return;
      case 'mute-expired':
        this.#log(`alerts: the mute of rule ${event.rule} has expired`);
        return;
      case 'started':
      case 'cleared':
        // The post itself is logged by the delivery queue.
        return;
    }
  }

  #warnAboutMissingSinks(): void {
    for (const rule of this.#rules) {
      for (const [platform] of channelsOf(rule)) {
        if (!this.#queues.has(platform)) {
          this.#log(
            `alerts: rule ${rule.name} names a ${platform} channel, but no ${platform} sink is attached`,
          );
        }
      }
    }
  }

  #ruleStatus(rule: AlertRule, now: number): AlertRuleStatus {
    const ruleState = ruleStateOf(this.#state, rule.name);
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
      unresolvedRooms: roomScope(rule, { roomFacts: this.#roomFacts }).unresolved,
      channels: rule.channels,
      cooldownMs: rule.cooldownMs,
      mute: mute === undefined ? undefined : { until: new Date(mute.until), by: mute.by },
      active,
      recoveriesHeld,
    };
  }

  #log(line: string): void {
    try {
      this.#options.log(line);
    } catch {
      // A log callback that throws must not stop alerting.
    }
  }
}

function channelsOf(rule: AlertRule): Array<[Platform, string]> {
  const channels: Array<[Platform, string]> = [];
  if (rule.channels.slack !== undefined) channels.push(['slack', rule.channels.slack]);
  if (rule.channels.discord !== undefined) channels.push(['discord', rule.channels.discord]);
  return channels;
}

function configuredFacts(capacities: ReadonlyMap<number, number>): Map<number, RoomFacts> {
  return new Map([...capacities].map(([id, capacity]) => [id, { capacity }]));
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

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
