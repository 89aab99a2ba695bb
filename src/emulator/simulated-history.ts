import type { OnlineCounts } from './chat-group.ts';
import { ChatState } from './chat-state.ts';
import { type EmulatorRoomOption, resolveRooms } from './options.ts';
import { createPrng } from './prng.ts';
import { applyVisitorEvent, nextVisitorEvent, sceneOf } from './visitors.ts';

/** One minute of a simulated past: what the status files would have shown then. */
export interface SimulatedMinute {
  /** ms since the epoch, the start of the minute. */
  readonly at: number;
  readonly online: OnlineCounts;
  /** Users per room. */
  readonly rooms: ReadonlyMap<number, number>;
}

export interface SimulatedHistoryOptions {
  readonly rooms: readonly EmulatorRoomOption[];
  readonly seed: number;
  /** The first and last minute (ms since the epoch); one minute apart at least. */
  readonly from: number;
  readonly to: number;
  /** Visitor decisions per simulated minute; default 6. */
  readonly eventsPerMinute?: number;
  /** The crowd at the quietest and the busiest hour; default 4 and 60. */
  readonly crowd?: { readonly quiet: number; readonly busy: number };
  /** The zone whose clock gives the day its shape (busiest at 21:00, quietest at 09:00); default UTC. */
  readonly timeZone?: string;
}

const MINUTE_MS = 60_000;
const WARM_UP_MS = 60 * MINUTE_MS;

/**
 * The same visitors as the live simulation, replayed minute by minute on a scratch chat, with a
 * crowd that swells in the evening and thins in the morning: a past for charts to show at once
 * (the demo starts with a day of it). Nothing is sent anywhere; the live chat is not touched.
 */
export function simulateHistory(options: SimulatedHistoryOptions): SimulatedMinute[] {
  const group = 'default';
  const state = new ChatState([group]);
  for (const room of resolveRooms(options.rooms, [group])) state.addRoom(room.group, room.settings, room.id);
  const prng = createPrng(options.seed);
  const events = options.eventsPerMinute ?? 6;
  const { quiet, busy } = options.crowd ?? { quiet: 4, busy: 60 };
  const hourOf = new Intl.DateTimeFormat('en-GB', {
    timeZone: options.timeZone ?? 'UTC',
    hour: 'numeric',
    hourCycle: 'h23',
  });
  const minutes: SimulatedMinute[] = [];
  const from = Math.floor(options.from / MINUTE_MS) * MINUTE_MS;
  // The chat is not empty when the history starts: an hour of visitors first, not recorded.
  for (let at = from - WARM_UP_MS; at <= options.to; at += MINUTE_MS) {
    // A day's curve: the cosine is 1 at 21:00 on the zone's clock and -1 at 09:00.
    const hour = Number(hourOf.format(at)) + (at % 3_600_000) / 3_600_000;
    const crowd = Math.round(quiet + ((busy - quiet) * (1 + Math.cos(((hour - 21) / 12) * Math.PI))) / 2);
    for (let index = 0; index < events; index += 1) {
      const event = nextVisitorEvent(sceneOf(state), prng, crowd);
      if (event !== undefined) applyVisitorEvent(state, event);
    }
    if (at < from) continue;
    minutes.push({
      at,
      online: state.counts(group),
      rooms: new Map(state.rooms(group).map((room) => [room.id, state.roomUsers(group, room.id).length])),
    });
  }
  return minutes;
}
