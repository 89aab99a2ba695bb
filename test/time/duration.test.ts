import { describe, expect, it } from 'vitest';
import { durationToMs } from '../../src/config/duration.ts';
import { periodToMs } from '../../src/stats/period.ts';
import { durationMs, readDuration } from '../../src/time/duration.ts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('one duration parser', () => {
  it('reads ms, s, m, h, d and w, decimals, any case, a space or none', () => {
    expect(durationMs('500ms')).toBe(500);
    expect(durationMs('90s')).toBe(90 * SECOND);
    expect(durationMs('30m')).toBe(30 * MINUTE);
    expect(durationMs('1.5h')).toBe(90 * MINUTE);
    expect(durationMs(' 1D ')).toBe(DAY);
    expect(durationMs('2 w')).toBe(14 * DAY);
    expect(readDuration('7d')).toEqual({ amount: '7', unit: 'd', ms: 7 * DAY });
  });

  it('refuses what is not an amount and a unit', () => {
    for (const text of ['', '10', 'h', '1y', '24 hours', '-1d', '1e3s', '1,5h', '0x10s', '1.2345s', 'd1'])
      expect(durationMs(text), text).toBeUndefined();
  });

  it('is the parser behind every duration a user types: config, alert mutes and chart periods', () => {
    for (const text of ['45s', '30m', '2h', '1d', '2w', '1.5h']) {
      expect(durationToMs(text)).toBe(durationMs(text));
      expect(periodToMs(text)).toBe(durationMs(text));
    }
    // The config file alone also takes a bare number, in seconds.
    expect(durationToMs(10)).toBe(10 * SECOND);
    expect(durationToMs('2.5')).toBe(2_500);
    expect(durationMs('2.5')).toBeUndefined();
  });
});
