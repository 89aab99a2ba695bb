const DAY_MS = 86_400_000;

/**
 * A moment in stats replies, in the charts' zone: `14:05 UTC` within a day's period, with the
 * date beyond (`28 Nov 14:05 CET`).
 */
export function formatMoment(at: number, timeZone: string, periodMs: number): string {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
    ...(periodMs > DAY_MS ? { day: 'numeric', month: 'short' } : {}),
  });
  return format.format(at).replace(',', '');
}

/** An average in replies: one decimal, none when whole (`4.3`, `12`). */
export function formatAverage(value: number): string {
  return value.toFixed(1).replace(/\.0$/, '');
}
