/**
 * Records occupancy as the status feed hands it out: after each change (debounced by the feed),
 * the changed rooms and online.txt's totals; at each of the feed's ticks (every minute), every
 * room, whether anything changed or not. Every write of a minute that has not had one yet writes
 * every room, so a minute in the database always holds all the rooms (a room without a row had
 * nobody in it). Minutes older than the store's raw period are folded into hours once an hour
 * (and at start).
 *
 * Each update is written as it is handed out; nothing here throws into the event loop: a
 * failure is logged (once until the next success) and recording goes on.
 */

import {
  roomCountsOf,
  type StatusFeed,
  type StatusSnapshot,
  type StatusSubscription,
  type StatusUpdate,
} from '../status/index.ts';
import { HOUR_MS, MINUTE_MS, type OccupancySample, type OccupancyStore } from './occupancy-store.ts';

export interface OccupancyRecorderOptions {
  readonly store: OccupancyStore;
  /** The group's status feed, shared with the alerts: its changes and its tick are what is recorded. */
  readonly feed: StatusFeed;
  readonly log: (line: string) => void;
  /** How often every room is recorded, changed or not (the feed's tick); default one minute. */
  readonly sampleIntervalMs?: number;
  /** How often old minutes are folded into hours; default one hour. */
  readonly maintenanceIntervalMs?: number;
  /** Clock for the samples' times; default Date.now. */
  readonly now?: () => number;
}

export class OccupancyRecorder {
  readonly #options: OccupancyRecorderOptions;
  readonly #now: () => number;
  #subscription: StatusSubscription | undefined;
  #maintenanceTimer: NodeJS.Timeout | undefined;
  /** The last minute (minutes since the epoch) in which every room was written. */
  #fullMinute: number | undefined;
  #running = false;
  #failing: string | undefined;
  #samples = 0;
  #lastSampleAt: number | undefined;

  constructor(options: OccupancyRecorderOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Samples written since start. */
  get samplesRecorded(): number {
    return this.#samples;
  }

  /** When the last sample was written (ms since the epoch). */
  get lastSampleAt(): number | undefined {
    return this.#lastSampleAt;
  }

  /** Subscribes to the feed (changes, and its tick every sample interval) and records what the files show now. */
  async start(): Promise<void> {
    if (this.#running) throw new Error('the occupancy recorder is already running');
    this.#running = true;
    this.#subscription = this.#options.feed.subscribe((update) => this.#statusUpdated(update), {
      tickEveryMs: this.#options.sampleIntervalMs ?? MINUTE_MS,
    });
    const first = await this.#subscription.ready;
    this.#maintain();
    this.#record(first, [], true);
    const maintenanceMs = this.#options.maintenanceIntervalMs ?? HOUR_MS;
    this.#maintenanceTimer = setInterval(() => this.#maintain(), maintenanceMs);
    this.#maintenanceTimer.unref();
  }

  /** Stops recording. The store stays open. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    clearInterval(this.#maintenanceTimer);
    await this.#subscription?.close();
    this.#subscription = undefined;
  }

  /** Resolves once the changes reported so far are written (each is written as the feed hands it out). */
  async settled(): Promise<void> {
    await this.#options.feed.settled();
  }

  /** Records every room now (as the tick does): the feed reads everything and hands it out. */
  async sampleNow(): Promise<void> {
    await this.#options.feed.readNow();
  }

  #statusUpdated(update: StatusUpdate): void {
    if (!this.#running) return;
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

  /** Writes the totals and the changed rooms, and every room when this minute has had no full write. */
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
    const sample: OccupancySample = {
      at,
      totals: online?.status === 'ok' ? online.counts : undefined,
      rooms,
    };
    if (this.#attempt('record occupancy', () => this.#options.store.record(sample))) {
      this.#samples += 1;
      this.#lastSampleAt = at;
    }
  }

  #maintain(): void {
    if (!this.#running || this.#options.store.closed) return;
    this.#attempt('fold old occupancy samples into hours', () => this.#options.store.maintain(this.#now()));
  }

  /** Runs `work`, logging a failure once until the next success; whether it worked. */
  #attempt(what: string, work: () => unknown): boolean {
    try {
      work();
      if (this.#failing !== undefined) this.#log(`stats: recording works again (after: ${this.#failing})`);
      this.#failing = undefined;
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (this.#failing !== reason) {
        this.#log(`stats: could not ${what} in ${this.#options.store.path}: ${reason}`);
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
