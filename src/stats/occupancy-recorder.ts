/**
 * Records occupancy as the status files change: after each change the watch reports (debounced),
 * the changed rooms and online.txt's totals; at each minute, every room, whether anything changed
 * or not. Every write of a minute that has not had one yet writes every room, so a minute in the
 * database always holds all the rooms (a room without a row had nobody in it). Minutes older than
 * the store's raw period are folded into hours once an hour (and at start).
 *
 * Reads and writes run one at a time, in order; nothing here throws into the event loop: a
 * failure is logged (once until the next success) and recording goes on.
 */

import { StatusSnapshot } from '../alerts/status-snapshot.ts';
import {
  ONLINE_FILE_NAME,
  roomIdFromFileName,
  type StatusChangeListener,
  type StatusFolderWatch,
  type StatusReadOptions,
} from '../status/index.ts';
import { HOUR_MS, MINUTE_MS, type OccupancySample, type OccupancyStore } from './occupancy-store.ts';

export interface OccupancyRecorderOptions {
  readonly store: OccupancyStore;
  /** `<dataDir>/<group>`. */
  readonly statusFolder: string;
  /** Subscribes to the shared status watch (StatusWatchHub.subscribe). */
  readonly watch: (listener: StatusChangeListener) => StatusFolderWatch;
  readonly log: (line: string) => void;
  /** How often every room is recorded, changed or not; default one minute. */
  readonly sampleIntervalMs?: number;
  /** How often old minutes are folded into hours; default one hour. */
  readonly maintenanceIntervalMs?: number;
  readonly statusReads?: StatusReadOptions;
  /** Clock for the samples' times; default Date.now. */
  readonly now?: () => number;
}

export class OccupancyRecorder {
  readonly #options: OccupancyRecorderOptions;
  readonly #now: () => number;
  readonly #snapshot: StatusSnapshot;
  #subscription: StatusFolderWatch | undefined;
  #chain: Promise<void> = Promise.resolve();
  #pending = new Set<string>();
  #readScheduled = false;
  #sampleTimer: NodeJS.Timeout | undefined;
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
    this.#snapshot = new StatusSnapshot(options.statusFolder, options.statusReads);
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

  /** Subscribes to the watch, records what the files show now, and starts the minute samples. */
  async start(): Promise<void> {
    if (this.#running) throw new Error('the occupancy recorder is already running');
    this.#running = true;
    this.#subscription = this.#options.watch((names) => this.#filesChanged(names));
    await this.#subscription.ready;
    this.#maintain();
    await this.#serially(() => this.#sampleAll());
    this.#scheduleSample();
    const maintenanceMs = this.#options.maintenanceIntervalMs ?? HOUR_MS;
    this.#maintenanceTimer = setInterval(() => this.#maintain(), maintenanceMs);
    this.#maintenanceTimer.unref();
  }

  /** Stops recording; what was being written is finished first. The store stays open. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    clearTimeout(this.#sampleTimer);
    clearInterval(this.#maintenanceTimer);
    await this.#subscription?.close();
    this.#subscription = undefined;
    await this.#chain;
  }

  /** Resolves once the changes reported so far are written. */
  async settled(): Promise<void> {
    for (;;) {
      const chain = this.#chain;
      await chain;
      if (chain === this.#chain && !this.#readScheduled) return;
    }
  }

  /** Records every room now (as the minute timer does). */
  sampleNow(): Promise<void> {
    return this.#serially(() => this.#sampleAll());
  }

  #filesChanged(names: ReadonlySet<string>): void {
    if (!this.#running) return;
    for (const name of names) this.#pending.add(name);
    if (this.#readScheduled) return;
    this.#readScheduled = true;
    void this.#serially(async () => {
      this.#readScheduled = false;
      const batch = this.#pending;
      this.#pending = new Set();
      if (!this.#running) return;
      await this.#snapshot.read(batch);
      const changedRooms = [...batch].flatMap((name) => {
        const id = roomIdFromFileName(name);
        return id === undefined ? [] : [id];
      });
      if (changedRooms.length === 0 && !batch.has(ONLINE_FILE_NAME)) return;
      this.#record(changedRooms);
    });
  }

  async #sampleAll(): Promise<void> {
    if (!this.#running) return;
    await this.#snapshot.readAll();
    this.#record([], true);
  }

  /** Writes the totals and the changed rooms, and every room when this minute has had no full write. */
  #record(changedRooms: readonly number[], full = false): void {
    const roomUsers = this.#snapshot.roomUsers;
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
    const online = this.#snapshot.online;
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

  #scheduleSample(): void {
    if (!this.#running) return;
    const interval = this.#options.sampleIntervalMs ?? MINUTE_MS;
    // On the minute (a little after), so each minute gets its sample whatever the start time.
    const delay = interval === MINUTE_MS ? MINUTE_MS - (Date.now() % MINUTE_MS) + 50 : interval;
    this.#sampleTimer = setTimeout(() => {
      void this.#serially(() => this.#sampleAll()).finally(() => this.#scheduleSample());
    }, delay);
    this.#sampleTimer.unref();
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

  /** Runs `task` after every task before it; a failing task is logged and does not stop the others. */
  #serially(task: () => Promise<void>): Promise<void> {
    const result = this.#chain.then(task);
    this.#chain = result.catch((error: unknown) =>
      this.#log(`stats: internal error: ${error instanceof Error ? error.message : String(error)}`),
    );
    return this.#chain;
  }

  #log(line: string): void {
    try {
      this.#options.log(line);
    } catch {
      // A log callback that throws must not stop recording.
    }
  }
}
