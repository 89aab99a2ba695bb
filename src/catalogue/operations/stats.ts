import type { Reply } from '../../replies/reply.ts';
import { formatAverage, formatMoment } from '../../stats/format-moment.ts';
import { DEFAULT_PERIOD, looksLikePeriod, periodToMs, periodValue } from '../../stats/period.ts';
import { defineOperation, type ResolvedRoom } from '../operation.ts';
import { kinds, optionalPositional } from '../param.ts';

/** A period typed where the room goes (`/chat stats 7d`): kept as typed, not looked up as a room. */
interface PeriodInRoomSlot {
  readonly typedPeriod: string;
}

const roomKind = kinds.room();
const roomOrPeriod = {
  ...roomKind,
  schema: roomKind.schema.transform((text): typeof text | PeriodInRoomSlot =>
    looksLikePeriod(text) ? { typedPeriod: text } : text,
  ),
};

export const statsOperation = defineOperation({
  name: 'stats',
  words: ['stats'],
  summary: 'A chart of users over time in a room, or logged in, with peak and average',
  params: {
    room: optionalPositional(roomOrPeriod, 'The room, by id or by name; leave out for everyone logged in'),
    period: optionalPositional(
      { input: { type: 'text', maxLength: 8 }, schema: periodValue, placeholder: 'period' },
      'How far back, e.g. 1h, 24h or 7d (default 24h)',
    ),
  },
  examples: ['/chat stats', '/chat stats Lobby', '/chat stats Lobby 7d', '/chat stats 1h'],
  destructive: false,
  changesChat: false,
  check({ room, period }) {
    // A period typed where the room goes is checked here, as a period given in its own place is.
    // Rooms are resolved after this check: the room is still the text typed, or a period.
    if (period !== undefined || typeof room !== 'object' || !('typedPeriod' in room)) return undefined;
    const parsed = periodValue.safeParse(room.typedPeriod);
    return parsed.success ? undefined : `period ${parsed.error.issues[0]?.message ?? 'is not valid'}`;
  },
  async run(params, { services }) {
    const { stats } = services;
    if (!stats.enabled) {
      return {
        title: 'Occupancy history is off',
        text: stats.disabledReason ?? 'Nothing is recorded.',
        severity: 'warning',
        visibility: 'private',
      };
    }
    let room: ResolvedRoom | undefined;
    let period = params.period;
    const slot = params.room;
    if (slot !== undefined && 'typedPeriod' in slot) {
      if (period === undefined) {
        period = slot.typedPeriod.trim().toLowerCase();
      } else {
        // Two periods? The first one is a room whose name reads like a period.
        const found = await services.rooms.resolve(slot.typedPeriod);
        if (found.kind !== 'found') return invalid(found.message);
        room = { id: found.id, name: found.name };
      }
    } else {
      room = slot;
    }
    period ??= DEFAULT_PERIOD;
    const parsed = periodValue.safeParse(period);
    const periodMs = parsed.success ? periodToMs(parsed.data) : undefined;
    if (periodMs === undefined)
      return invalid(`period ${parsed.error?.issues[0]?.message ?? 'is not valid'}`);

    const chart = await stats.chart({ room, periodMs, period });
    const fields = [];
    if (chart.peak !== undefined) {
      fields.push({
        label: 'Peak',
        value: `${chart.peak.users} at ${formatMoment(chart.peak.at, stats.timeZone, periodMs)}`,
      });
      fields.push({ label: 'Average', value: formatAverage(chart.average ?? 0) });
      fields.push({ label: 'Latest', value: String(chart.latest ?? 0) });
    }
    if (chart.capacity !== undefined) fields.push({ label: 'Capacity', value: String(chart.capacity) });
    const notes: string[] = [];
    if (chart.peak === undefined) {
      notes.push(
        'Nothing was recorded in this period: the bot was not running, or the status files could not be read.',
      );
    } else if (chart.firstAt !== undefined && chart.firstAt - chart.from > 2 * 3_600_000) {
      notes.push(
        `History starts at ${formatMoment(chart.firstAt, stats.timeZone, Number.POSITIVE_INFINITY)}.`,
      );
    }
    if (periodMs > stats.retentionMs) {
      notes.push(`History is kept for ${Math.round(stats.retentionMs / 86_400_000)} days (stats.retention).`);
    }
    const reply: Reply = {
      title: `Occupancy: ${chart.subject}, last ${chart.periodText}`,
      text: notes.length === 0 ? undefined : notes.join(' '),
      fields,
      attachment: {
        fileName: chart.fileName,
        content: chart.png,
        mediaType: 'image/png',
        altText: chart.altText,
        textPreview: chart.sparkline === '' ? undefined : chart.sparkline,
      },
      severity: 'info',
      visibility: 'private',
    };
    return reply;
  },
});

function invalid(message: string): Reply {
  return {
    title: 'Cannot run /chat stats',
    text: `${message.charAt(0).toUpperCase()}${message.slice(1)}${/[.?!]$/.test(message) ? '' : '.'}\nUsage: /chat stats [room] [period]`,
    severity: 'error',
    visibility: 'private',
  };
}
