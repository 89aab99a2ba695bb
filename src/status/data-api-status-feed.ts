/**
 * The status feed of a chat server read over its HTTP Data API, for a bot that runs where the
 * server's files are not: `online.xml` and `rooms.xml` are polled every `pollIntervalMs`, one poll
 * at a time, and only the rooms whose count changed (and the totals, when they did) are handed
 * out. The data's age is the time since the last poll that every request answered; before the
 * first, since the feed started, so that a Data API that never answers reads as stale in time.
 */

import type { DataApiClient, DataApiFailure, RoomCount } from '../data-api/index.ts';
import { type Repeating, repeat } from './repeat.ts';
import {
  type FeedSource,
  SourceStatusFeed,
  type SourceView,
  type StatusFeedError,
} from './source-status-feed.ts';
import type { ChangedStatus } from './status-feed.ts';
import type { OnlineReading, Reachability } from './status-snapshot.ts';

export interface DataApiStatusFeedOptions {
  /** The server followed; today the chat group the client asks for. */
  readonly server: string;
  readonly client: DataApiClient;
  /** How often a poll is asked for; one that comes while a poll runs waits for it (never two at once). */
  readonly pollIntervalMs: number;
  readonly probe?: () => Promise<Reachability>;
  /** The Data API failing (once per change of what fails), answering again, a listener that failed. */
  readonly onError?: (error: StatusFeedError) => void;
  /** Clock for the data's age; tests pin it. Default Date.now. */
  readonly now?: () => number;
}

export class DataApiStatusFeed extends SourceStatusFeed {
  constructor(options: DataApiStatusFeedOptions) {
    super({
      server: options.server,
      source: new DataApiFeedSource(options),
      probe: options.probe,
      onError: options.onError,
    });
  }
}

const POLL = new Set<string>(['poll']);

class DataApiFeedSource implements FeedSource {
  readonly kind = 'dataApi';
  readonly location: string;
  readonly #options: DataApiStatusFeedOptions;
  readonly #now: () => number;
  #report: (error: StatusFeedError) => void = () => undefined;
  #view: SourceView;
  #startedAt: number | undefined;
  /** What failed in the last poll, to report it once rather than at every poll. */
  #trouble: string | undefined;

  constructor(options: DataApiStatusFeedOptions) {
    this.location = options.client.location;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#view = { roomUsers: undefined, online: undefined, newestWriteAt: undefined, unreadable: new Map() };
  }

  notice(changed: (names: ReadonlySet<string>) => void, report: (error: StatusFeedError) => void) {
    this.#report = report;
    const polling: Repeating = repeat({
      delayMs: () => this.#options.pollIntervalMs,
      run: async () => changed(POLL),
      keepsProcessAlive: true,
    });
    return { ready: Promise.resolve(), close: () => polling.stop() };
  }

  async readAll(): Promise<void> {
    await this.#poll();
  }

  readChanged(): Promise<ChangedStatus | undefined> {
    return this.#poll();
  }

  /** The age is the time of the last good poll: nothing to read for it. */
  async readAge(): Promise<void> {}

  view(): SourceView {
    return this.#view;
  }

  async #poll(): Promise<ChangedStatus | undefined> {
    const { client } = this.#options;
    this.#startedAt ??= this.#now();
    const [online, rooms] = await Promise.all([client.online(), client.roomCounts()]);
    const previous = this.#view;
    const failures: DataApiFailure[] = [];

    let onlineReading = previous.online;
    if (online.ok) onlineReading = { status: 'ok', counts: online.value };
    else failures.push(online.failure);

    let roomUsers = previous.roomUsers;
    if (rooms.ok) {
      const counted = await this.#roomCounts(rooms.value);
      failures.push(...counted.failures);
      roomUsers = counted.roomUsers;
    } else failures.push(rooms.failure);

    const changedRooms = changedRoomIds(previous.roomUsers, roomUsers);
    const onlineChanged = !sameOnline(previous.online, onlineReading);
    const answered = failures.length === 0;
    this.#reportTrouble(failures);
    this.#view = {
      roomUsers,
      online: onlineReading,
      newestWriteAt: answered ? this.#now() : (previous.newestWriteAt ?? this.#startedAt),
      unreadable: new Map(failures.map((failure) => [failure.endpoint, failure.message])),
    };
    if (changedRooms.length === 0 && !onlineChanged) return undefined;
    return { online: onlineChanged, rooms: changedRooms };
  }

  /** Users per room with at least one; a room listed without a count is asked for its users. */
  async #roomCounts(
    rooms: readonly RoomCount[],
  ): Promise<{ roomUsers: ReadonlyMap<number, number>; failures: DataApiFailure[] }> {
    const roomUsers = new Map<number, number>();
    const failures: DataApiFailure[] = [];
    const uncounted: number[] = [];
    for (const room of rooms) {
      if (room.userCount === undefined) uncounted.push(room.id);
      else if (room.userCount > 0) roomUsers.set(room.id, room.userCount);
    }
    for (const id of uncounted) {
      const users = await this.#options.client.roomUsers(id);
      if (!users.ok) {
        failures.push(users.failure);
        const before = this.#view.roomUsers?.get(id);
        if (before !== undefined) roomUsers.set(id, before);
      } else if (users.value.length > 0) roomUsers.set(id, users.value.length);
    }
    return { roomUsers, failures };
  }

  #reportTrouble(failures: readonly DataApiFailure[]): void {
    const trouble = failures.length === 0 ? undefined : failures.map((failure) => failure.message).join('; ');
    if (trouble === this.#trouble) return;
    const message =
      trouble === undefined
        ? `the Data API at ${this.location} answers again`
        : `${trouble}; the last good data is kept`;
    this.#trouble = trouble;
    this.#report({ kind: 'source-trouble', source: this.location, message });
  }
}

function changedRoomIds(
  before: ReadonlyMap<number, number> | undefined,
  after: ReadonlyMap<number, number> | undefined,
): number[] {
  if (before === after || after === undefined) return [];
  const changed: number[] = [];
  for (const [id, users] of after) if (before?.get(id) !== users) changed.push(id);
  if (before !== undefined) for (const id of before.keys()) if (!after.has(id)) changed.push(id);
  return changed;
}

function sameOnline(before: OnlineReading | undefined, after: OnlineReading | undefined): boolean {
  if (before === after) return true;
  if (before?.status !== 'ok' || after?.status !== 'ok') return false;
  const [a, b] = [before.counts, after.counts];
  return a.connections === b.connections && a.loggedIn === b.loggedIn && a.rooms === b.rooms;
}
