/**
 * Where the time axis of a chart has its ticks: at whole multiples of the step on the zone's own
 * clock (every day at 00:00, every 6 hours at 00:00, 06:00, …). The zone's offset is taken at
 * each tick, not once for the whole chart: across a clock change a 7-day chart still has one
 * tick per local midnight, and none an hour off.
 */
export function tickTimes(from: number, to: number, stepMs: number, zone: string | undefined): number[] {
  const result: number[] = [];
  for (let local = Math.ceil(localClock(from, zone) / stepMs) * stepMs; result.length < 40; local += stepMs) {
    const at = instantOf(local, zone);
    if (at > to) break;
    // A local time the clock skipped (spring forward) lands on the next one; never twice the same.
    if (at >= from && (result.length === 0 || at > (result.at(-1) ?? at))) result.push(at);
  }
  return result;
}

/** The zone's clock reading at `at`, as if it were UTC milliseconds. */
function localClock(at: number, zone: string | undefined): number {
  return at + zoneOffsetMs(at, zone);
}

/** The instant when the zone's clock reads `local`; in the hour a clock change repeats, the first. */
function instantOf(local: number, zone: string | undefined): number {
  const guess = local - zoneOffsetMs(local, zone);
  return local - zoneOffsetMs(guess, zone);
}

/** How far the zone's clock is ahead of UTC at `at`, in ms. */
function zoneOffsetMs(at: number, zone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const local = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return local - (at - (at % 1000));
}
