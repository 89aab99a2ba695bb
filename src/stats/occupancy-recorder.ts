/**
 * Records occupancy as the status feed hands it out: after each change (debounced by the feed),
 * the changed rooms and online.txt's totals; at each of the feed's ticks (every minute), every
 * room, whether anything changed or not. Every write of a minute that has not had one yet writes
 * every room, so a minute in the store always holds all the rooms (a room without a row had
 * nobody in it). Minutes older than the raw period are folded into hours once an hour (and at
 * start).
 *
 * Writes go to the state store, one at a time and at most one a `writeEveryMs` (default a
 * second): a change after a quiet spell is written at once, what the feed hands out while a write
 * is under way or within the window after it is merged into the next. A busy server's changes
 * (hundreds a second) then cost a transaction a second, not one each; a store slower than the
 * changes (PostgreSQL over a network) gets fewer, larger writes instead of a queue. Only the leader records (the app starts and stops it as
 * leadership comes and goes, as often as it does); every instance reads the charts.
 *
 * Nothing here throws into the event loop: a failure is logged (once until the next success) and
 * recording goes on.
 */

import type { OccupancySample } from '../state/index.ts';
import {
  roomCountsOf,
  type StatusFeed,
  type StatusSnapshot,
  type StatusSubscription,
  type StatusUpdate,
} from '../status/index.ts';
import { HOUR_MS, MINUTE_MS } from './durations.ts';
import type { OccupancyHistory } from './occupancy-history.ts';

export interface OccupancyRecorderOptions {
  readonly history: OccupancyHistory;
  /** The group's status feed, shared with the alerts: its changes and its tick are what is recorded. */
  readonly feed: StatusFeed;
  readonly log: (line: string) => void;
  /** How often every room is recorded, changed or not (the feed's tick); default one minute. */
  readonly sampleIntervalMs?: number;
  /** How often old minutes are folded into hours; default one hour. */
  readonly maintenanceIntervalMs?: number;
  /** The least time from one write's start to the next one's; default DEFAULT_WRITE_EVERY_MS. */
  readonly writeEveryMs?: number;
  /** Clock for the samples' times; default Date.now. */
  readonly now?: () => number;
}

/**
 * A minute's row keeps its last value and its peak, so samples merged over a second lose nothing a
 * chart shows; a crash loses at most the second's samples.
 */
export const DEFAULT_WRITE_EVERY_MS = 1000;

export class OccupancyRecorder {
  readonly #options: OccupancyRecorderOptions;
  readonly #now: () => number;
  #subscription: StatusSubscription | undefined;
  #maintenanceTimer: NodeJS.Timeout | undefined;
  /** The last minute (minutes since the epoch) in which every room was written. */
  #fullMinute: number | undefined;
  #running = false;
  /** Counts the starts: a start's late steps and its feed's updates are dropped once it was stopped. */
  #run = 0;
  #failing: string | undefined;
  #samples = 0;
  #lastSampleAt: number | undefined;
  /** Samples handed out while a write was under way: the next write's. */
  #pending: OccupancySample[] = [];
  /** The write under way (it never rejects). */
  #writing: Promise<void> | undefined;
  /** When the last write started (performance.now()), and the timer of the next one waiting for its window. */
  #lastWriteAt = Number.NEGATIVE_INFINITY;
  #waiting: NodeJS.Timeout | undefined;
  #maintaining: Promise<void> | undefined;

  constructor(options: OccupancyRecorderOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Samples written since this recorder was made. */
  get samplesRecorded(): number {
    return this.#samples;
  }

  /** When the last sample was written (ms since the epoch). */
  get lastSampleAt(): number | undefined {
    return this.#lastSampleAt;
  }

  /**
   * Subscribes to the feed (changes, and its tick every sample interval), folds old minutes and
   * records what the status shows now; resolves once that is written. Again after stop(), too.
   */
  async start(): Promise<void> {
    if (this.#running) throw new Error('the occupancy recorder is already running');
    this.#running = true;
    const run = ++this.#run;
    this.#fullMinute = undefined;
    const subscription = this.#options.feed.subscribe((update) => this.#statusUpdated(update, run), {
      tickEveryMs: this.#options.sampleIntervalMs ?? MINUTE_MS,
    });
    this.#subscription = subscription;
    const first = await subscription.ready;
    if (run !== this.#run) return;
    await this.#maintain();
    if (run !== this.#run) return;
    this.#record(first, [], true);
    const maintenanceMs = this.#options.maintenanceIntervalMs ?? HOUR_MS;
    this.#maintenanceTimer = setInterval(() => void this.#maintain(), maintenanceMs);
    this.#maintenanceTimer.unref();
    await this.#written();
  }

  /**
   * Stops recording: no sample is taken after this; what was taken before is written before it
   * resolves (it was seen while this instance recorded). The store stays open.
   */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#run += 1;
    clearInterval(this.#maintenanceTimer);
    this.#maintenanceTimer = undefined;
    const subscription = this.#subscription;
    this.#subscription = undefined;
    await subscription?.close();
    await this.#written();
    await this.#maintaining;
  }

  /** Resolves once the changes reported so far are written, and a maintenance under way is done. */
  async settled(): Promise<void> {
    if (this.#running) await this.#options.feed.settled();
    await this.#written();
    await this.#maintaining;
  }

  /** Records every room now (as the tick does): the feed reads everything and hands it out; resolves once written. */
  async sampleNow(): Promise<void> {
    await this.#options.feed.readNow();
    await this.#written();
  }

  #statusUpdated(update: StatusUpdate, run: number): void {
    if (run !== this.#run) return;
    switch (update.cause) {
      case 'tick':
        this.#record(update.snapshot, [], true);
        return;
      case 'change': {
        const { rooms, online } = update.changed;
        if (rooms.length === 0 && !online) return;
        this.#record(update.snapshot, rooms);
        return;
      }
      case 'check':
        // The alerts' check of the data's age: nothing to record that a change or the tick does not.
        return;
    }
  }

  /** Takes the totals and the changed rooms, and every room when this minute has had no full write. */
  #record(snapshot: StatusSnapshot, changedRooms: readonly number[], full = false): void {
    const roomUsers = roomCountsOf(snapshot);
    // The folder is missing or unreadable: nothing is known, and a gap says so.
    if (roomUsers === undefined) return;
    const at = this.#now();
    const minute = Math.floor(at / MINUTE_MS);
    const rooms = new Map<number, number>();
    if (full || this.#fullMinute !== minute) {
      for (const [id, users] of roomUsers) rooms.set(id, users);
      this.#fullMinute = minute;
    }
    for (const id of changedRooms) rooms.set(id, roomUsers.get(id) ?? 0);
    const online = snapshot.online;
    this.#pending.push({ at, totals: online?.status === 'ok' ? online.counts : undefined, rooms });
    this.#flush();
  }

  /**
   * Starts writing what is pending, unless a write is under way (it takes what came meanwhile) or
   * the last one started less than writeEveryMs ago (then when that time is up).
   */
  #flush(): void {
    if (this.#writing !== undefined || this.#waiting !== undefined) return;
    const waitMs =
      this.#lastWriteAt + (this.#options.writeEveryMs ?? DEFAULT_WRITE_EVERY_MS) - performance.now();
    if (waitMs > 0) {
      this.#waiting = setTimeout(() => this.#writeNow(), waitMs);
      return;
    }
    this.#writeNow();
  }

  #writeNow(): void {
    clearTimeout(this.#waiting);
    this.#waiting = undefined;
    if (this.#writing !== undefined) return;
    this.#lastWriteAt = performance.now();
    this.#writing = this.#writePending().finally(() => {
      this.#writing = undefined;
      if (this.#pending.length > 0) this.#flush();
    });
  }

  /** One write of what is pending; what comes meanwhile is the next one's (see #flush). */
  async #writePending(): Promise<void> {
    const samples = this.#pending;
    this.#pending = [];
    if (samples.length === 0) return;
    const written = await this.#attempt('record occupancy', () => this.#options.history.record(samples));
    if (written) {
      this.#samples += samples.length;
      this.#lastSampleAt = samples.at(-1)?.at;
    } else {
      // The minute's write of every room may be among the lost: the next sample writes them all.
      this.#fullMinute = undefined;
    }
  }

  /** Writes what waits for its window at once; resolves once nothing is pending and no write is under way. */
  async #written(): Promise<void> {
    for (;;) {
      if (this.#waiting !== undefined) this.#writeNow();
      if (this.#writing === undefined) return;
      await this.#writing;
    }
  }

  /** One maintenance at a time: one still running when the timer fires again is left to finish. */
  #maintain(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    this.#maintaining ??= this.#attempt('fold old occupancy samples into hours', () =>
      this.#options.history.maintain(this.#now()),
    ).then(() => {
      this.#maintaining = undefined;
    });
    return this.#maintaining;
  }

  /** Runs `work`, logging a failure once until the next success; whether it worked. */
  async #attempt(what: string, work: () => Promise<unknown>): Promise<boolean> {
    try {
      await work();
      if (this.#failing !== undefined) this.#log(`stats: recording works again (after: ${this.#failing})`);
      this.#failing = undefined;
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (this.#failing !== reason) {
        this.#log(`stats: could not ${what} in ${this.#options.history.location}: ${reason}`);
      }
      this.#failing = reason;
      return false;
    }
  }

  #log(line: string): void {
    try {
      this.#options.log(line);
    } catch {
      // A log callback that throws must not stop recording.
    }
  }
}
