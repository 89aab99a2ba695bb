import { describe, expect, it } from 'vitest';
import { tickTimes } from '../../src/stats/chart-ticks.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (times: number[]) => times.map((at) => new Date(at).toISOString());
const clock = (zone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The instants are written out from the zones' rules (EU: last Sunday of March and October; US: second Sunday of March, first of November). */
describe('chart ticks across a clock change', () => {
  it('Europe/Berlin, 7 days to 29 Oct 2026: one tick each local midnight, 23:00 UTC after the change', () => {
    const to = Date.parse('2026-10-29T00:00:00Z');
    expect(iso(tickTimes(to - 7 * DAY, to, DAY, 'Europe/Berlin'))).toEqual([
      '2026-10-22T22:00:00.000Z',
      '2026-10-23T22:00:00.000Z',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
      '2026-10-26T23:00:00.000Z',
      '2026-10-27T23:00:00.000Z',
      '2026-10-28T23:00:00.000Z',
    ]);
  });

  it('Europe/Berlin, 7 days over 29 Mar 2026: 23:00 UTC before the change, 22:00 after', () => {
    const to = Date.parse('2026-04-01T00:00:00Z');
    expect(iso(tickTimes(to - 7 * DAY, to, DAY, 'Europe/Berlin'))).toEqual([
      '2026-03-25T23:00:00.000Z',
      '2026-03-26T23:00:00.000Z',
      '2026-03-27T23:00:00.000Z',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
      '2026-03-30T22:00:00.000Z',
      '2026-03-31T22:00:00.000Z',
    ]);
  });

  it('America/New_York over 8 Mar and 1 Nov 2026: local midnights at 05:00 UTC in winter, 04:00 in summer', () => {
    const march = Date.parse('2026-03-10T12:00:00Z');
    expect(iso(tickTimes(march - 3 * DAY, march, DAY, 'America/New_York'))).toEqual([
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
      '2026-03-10T04:00:00.000Z',
    ]);
    const november = Date.parse('2026-11-03T12:00:00Z');
    expect(iso(tickTimes(november - 3 * DAY, november, DAY, 'America/New_York'))).toEqual([
      '2026-11-01T04:00:00.000Z',
      '2026-11-02T05:00:00.000Z',
      '2026-11-03T05:00:00.000Z',
    ]);
  });

  it('hour steps over a change stay on the local clock: every tick at a whole multiple of 3 h, none twice', () => {
    for (const [zone, day] of [
      ['Europe/Berlin', '2026-10-25'],
      ['Europe/Berlin', '2026-03-29'],
      ['America/New_York', '2026-03-08'],
      ['America/New_York', '2026-11-01'],
    ] as const) {
      const to = Date.parse(`${day}T18:00:00Z`);
      const times = tickTimes(to - DAY, to, 3 * HOUR, zone);
      const labels = times.map((at) => clock(zone).format(at));
      expect(times.length, `${zone} ${day}`).toBeGreaterThanOrEqual(7);
      for (const label of labels)
        expect(label, `${zone} ${day}: ${labels.join(' ')}`).toMatch(/^(00|03|06|09|12|15|18|21):00$/);
      expect(new Set(times).size).toBe(times.length);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
  });
});
