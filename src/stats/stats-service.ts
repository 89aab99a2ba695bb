/**
 * What `/chat stats` and the alerts ask of the occupancy history: a room's (or the totals')
 * series over a period ending now, summarised (peak, average, latest) and drawn as a PNG chart,
 * with a text sparkline for terminals.
 */

import type { RoomDirectory } from '../rooms/index.ts';
import type { Resolution, SeriesPoint } from '../state/index.ts';
import { HOUR_MS } from './durations.ts';
import { formatAverage } from './format-moment.ts';
import type { OccupancyHistory } from './occupancy-history.ts';
import type { OccupancyRecorder } from './occupancy-recorder.ts';
import { describePeriod, formatPeriod } from './period.ts';
import { CHART_HEIGHT, CHART_WIDTH, renderChart } from './render-chart.ts';
import { sparkline } from './sparkline.ts';

/** Periods up to this long are charted minute by minute; longer ones hour by hour. */
export const MINUTE_CHART_LIMIT_MS = 48 * HOUR_MS;
/** How long a chart waits for the recorder to write the changes it has seen. */
const SETTLE_LIMIT_MS = 1_000;

export interface ChartRequest {
  /** A room (its name for the title when known); undefined: the group's logged-in users. */
  readonly room?: { readonly id: number; readonly name?: string };
  readonly periodMs: number;
  /** The period as typed (`24h`), for titles and the file name; default derived from periodMs. */
  readonly period?: string;
}

export interface OccupancyChart {
  /** `Lobby (1)`, `room 7`, or `Logged-in users (group default)`. */
  readonly subject: string;
  /** `24 hours`. */
  readonly periodText: string;
  readonly from: number;
  readonly to: number;
  readonly resolution: Resolution;
  readonly points: readonly SeriesPoint[];
  readonly capacity?: number;
  /** Undefined when nothing was recorded in the period. */
  readonly peak?: { readonly users: number; readonly at: number };
  /** Time-weighted over the recorded part of the period. */
  readonly average?: number;
  /** The most recent value recorded. */
  readonly latest?: number;
  /** When the first sample in the period was taken. */
  readonly firstAt?: number;
  readonly png: Buffer;
  readonly fileName: string;
  /** The chart in words, for who cannot see it (Slack alt text, Discord's description). */
  readonly altText: string;
  readonly sparkline: string;
  readonly width: number;
  readonly height: number;
}

export interface StatsService {
  /** False when `stats.enabled` is false: no chart can be drawn. */
  readonly enabled: boolean;
  /** Why, when not enabled. */
  readonly disabledReason?: string;
  /** How far back history goes. */
  readonly retentionMs: number;
  /** The zone the times in charts and texts are shown in. */
  readonly timeZone: string;
  chart(request: ChartRequest): Promise<OccupancyChart>;
}

export interface OccupancyStatsOptions {
  /** The group's history in the state store: every instance reads it, whichever one records. */
  readonly history: Pick<OccupancyHistory, 'series' | 'retentionMs'>;
  /** Waited for before reading, so a chart shows the changes already seen. */
  readonly recorder?: Pick<OccupancyRecorder, 'settled'>;
  readonly group: string;
  /** Capacities: the Data API's first (through the directory), then `configuredCapacities`. */
  readonly rooms?: Pick<RoomDirectory, 'list'>;
  readonly configuredCapacities?: ReadonlyMap<number, number>;
  /** IANA zone; default the process's. */
  readonly timeZone?: string;
  readonly now?: () => number;
}

export class OccupancyStats implements StatsService {
  readonly enabled = true;
  readonly #options: OccupancyStatsOptions;
  readonly #now: () => number;
  readonly timeZone: string;

  constructor(options: OccupancyStatsOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.timeZone = options.timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  get retentionMs(): number {
    return this.#options.history.retentionMs;
  }

  async chart(request: ChartRequest): Promise<OccupancyChart> {
    await this.#recorderSettled();
    const to = this.#now();
    const from = to - request.periodMs;
    const resolution: Resolution = request.periodMs <= MINUTE_CHART_LIMIT_MS ? 'minute' : 'hour';
    const points = await this.#options.history.series({ room: request.room?.id, from, to, resolution });
    const [capacity, subject] = await this.#describe(request.room);
    const summary = summarise(points);
    const period = request.period ?? formatPeriod(request.periodMs);
    const periodText = describePeriod(period);
    const png = await renderChart({
      title: `${subject} · last ${periodText}`,
      from,
      to,
      points,
      capacity,
      timeZone: this.timeZone,
    });
    const fileName = `occupancy-${request.room === undefined ? 'total' : `room-${request.room.id}`}-${period}.png`;
    return {
      subject,
      periodText,
      from,
      to,
      resolution,
      points,
      capacity,
      ...summary,
      png,
      fileName,
      altText: altTextOf(subject, periodText, summary, capacity),
      sparkline: sparkline(points, from, to),
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
    };
  }

  /** The changes already seen, written; but a chart never waits long for a folder that keeps changing. */
  async #recorderSettled(): Promise<void> {
    const recorder = this.#options.recorder;
    if (recorder === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SETTLE_LIMIT_MS);
    });
    await Promise.race([recorder.settled(), limit]);
    clearTimeout(timer);
  }

  async #describe(room: ChartRequest['room']): Promise<[number | undefined, string]> {
    if (room === undefined) return [undefined, `Logged-in users (group ${this.#options.group})`];
    let capacity = this.#options.configuredCapacities?.get(room.id);
    let name = room.name;
    try {
      const known = (await this.#options.rooms?.list())?.rooms.find((candidate) => candidate.id === room.id);
      capacity = known?.capacity ?? capacity;
      name ??= known?.name;
    } catch {
      // Without the directory the chart has no capacity line; the history is still worth showing.
    }
    return [capacity, name === undefined ? `room ${room.id}` : `${name} (${room.id})`];
  }
}

/** For `stats.enabled: false`. */
export class DisabledStats implements StatsService {
  readonly enabled = false;
  readonly retentionMs = 0;
  readonly timeZone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  readonly disabledReason: string;

  constructor(reason = 'Nothing is recorded: stats.enabled is false in the configuration file.') {
    this.disabledReason = reason;
  }

  chart(): Promise<OccupancyChart> {
    return Promise.reject(new Error(this.disabledReason));
  }
}

interface Summary {
  peak?: { users: number; at: number };
  average?: number;
  latest?: number;
  firstAt?: number;
}

export function summarise(points: readonly SeriesPoint[]): Summary {
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined) return {};
  let peak = { users: first.peak, at: first.at };
  let weighted = 0;
  let span = 0;
  for (const point of points) {
    if (point.peak > peak.users) peak = { users: point.peak, at: point.at };
    weighted += point.users * point.spanMs;
    span += point.spanMs;
  }
  return { peak, average: span === 0 ? 0 : weighted / span, latest: last.users, firstAt: first.at };
}

function altTextOf(
  subject: string,
  periodText: string,
  summary: Summary,
  capacity: number | undefined,
): string {
  const capacityText = capacity === undefined ? '' : `, capacity ${capacity}`;
  if (summary.peak === undefined)
    return `Occupancy chart of ${subject}, last ${periodText}: nothing recorded.`;
  return `Occupancy chart of ${subject}, last ${periodText}: peak ${summary.peak.users}, average ${formatAverage(summary.average ?? 0)}${capacityText}.`;
}
