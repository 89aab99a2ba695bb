/**
 * The HTTP Data API as a command's status source, for a bot that runs where the chat server's
 * files are not. Each read asks the server; when it cannot answer, the last good answer is shown
 * with its age and what failed, so a moderator still sees something and knows how old it is.
 */

import type { DataApiClient, DataApiFailure } from '../data-api/index.ts';
import type { OnlineCounts } from './online-counts.ts';
import type { OnlineNow, RosterNow, StatusSource, Unavailable } from './status-source.ts';

export interface DataApiStatusSourceOptions {
  readonly client: DataApiClient;
  /** Clock for the answers' age; tests pin it. Default Date.now. */
  readonly now?: () => number;
  /** How many rooms' last good rosters are kept to show when the API fails; default 256. */
  readonly keptRosters?: number;
}

interface Kept<T> {
  readonly value: T;
  readonly at: number;
}

const DEFAULT_KEPT_ROSTERS = 256;

export function dataApiStatusSource(options: DataApiStatusSourceOptions): StatusSource {
  const { client } = options;
  const now = options.now ?? Date.now;
  const keptRosters = options.keptRosters ?? DEFAULT_KEPT_ROSTERS;
  let lastOnline: Kept<OnlineCounts> | undefined;
  // Insertion order is use order (a read moves its room to the end), so the first is the oldest.
  const lastRosters = new Map<number, Kept<readonly string[]>>();

  const keepRoster = (roomId: number, userNames: readonly string[]): void => {
    lastRosters.delete(roomId);
    lastRosters.set(roomId, { value: userNames, at: now() });
    if (lastRosters.size > keptRosters) {
      const oldest = lastRosters.keys().next().value;
      if (oldest !== undefined) lastRosters.delete(oldest);
    }
  };

  return {
    kind: 'dataApi',
    location: client.location,
    async online(): Promise<OnlineNow> {
      const answer = await client.online();
      if (answer.ok) {
        lastOnline = { value: answer.value, at: now() };
        return { status: 'ok', counts: answer.value, ageMs: 0 };
      }
      if (lastOnline === undefined) return unavailable(answer.failure);
      return { status: 'ok', counts: lastOnline.value, ...staleAge(lastOnline, answer.failure, now()) };
    },
    async roster(roomId): Promise<RosterNow> {
      const answer = await client.roomUsers(roomId);
      if (answer.ok) {
        const userNames = answer.value.map((user) => user.name);
        keepRoster(roomId, userNames);
        return { status: 'ok', userNames, ageMs: 0 };
      }
      const kept = lastRosters.get(roomId);
      if (kept === undefined) return unavailable(answer.failure);
      return { status: 'ok', userNames: kept.value, ...staleAge(kept, answer.failure, now()) };
    },
    // Every room the Data API knows is in rooms.xml, which the room directory reads itself.
    extraRoomIds: async () => ({ status: 'ok', roomIds: [] }),
  };
}

function unavailable(failure: DataApiFailure): Unavailable {
  return { status: 'unavailable', endpoint: failure.endpoint, reason: failure.message };
}

function staleAge(kept: Kept<unknown>, failure: DataApiFailure, at: number) {
  return { ageMs: Math.max(0, at - kept.at), staleBecause: failure.message };
}
