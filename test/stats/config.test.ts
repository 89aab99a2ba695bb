import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION_MS } from '../../src/stats/durations.ts';
import { describePeriod, formatPeriod, periodToMs, periodValue } from '../../src/stats/period.ts';
import { parse, problemsOf } from '../config/fixtures.ts';

describe('the stats block of the configuration', () => {
  it('defaults: on, the database in the state folder (path left to the runtime), 30 days, the process’s zone', () => {
    expect(parse('').stats).toEqual({
      enabled: true,
      path: undefined,
      retentionMs: DEFAULT_RETENTION_MS,
      timeZone: undefined,
    });
    expect(DEFAULT_RETENTION_MS).toBe(30 * 24 * 3_600_000);
  });

  it('reads a path relative to the file, a retention in days, weeks or hours, and a time zone', () => {
    const stats = parse(
      'stats: { path: ./history/occ.sqlite, retention: 2w, timeZone: Europe/Berlin }\n',
    ).stats;
    expect(stats).toEqual({
      enabled: true,
      path: resolve('history/occ.sqlite'),
      retentionMs: 14 * 24 * 3_600_000,
      timeZone: 'Europe/Berlin',
    });
    expect(parse('stats: { retention: 72h, enabled: false }\n').stats).toMatchObject({
      enabled: false,
      retentionMs: 72 * 3_600_000,
    });
  });

  it('refuses what it cannot use, naming the key', () => {
    expect(
      problemsOf('stats: { retention: 1m, timeZone: Mars/Olympus, enabled: yes, pth: x.sqlite }\n'),
    ).toEqual([
      'chatops.yml: stats.enabled: "yes" is not true or false',
      'chatops.yml: stats.retention: "1m" is not a retention such as 30d, 2w or 72h (from 2h, at most 366d)',
      'chatops.yml: stats.timeZone: "Mars/Olympus" is not a time zone (an IANA name such as UTC or Europe/Berlin)',
      'chatops.yml: stats.pth: unknown key (did you mean "path"?)',
    ]);
  });

  it('an alert rule may ask for the chart with attachChart: true; anything but a boolean is refused', () => {
    const rule = (extra: string) =>
      `alerts:\n  rules:\n    - { name: busy, roomUsers: 5, channels: { slack: C0ALERTS1 }${extra} }\n`;
    expect(parse(rule(', attachChart: true')).alerts.rules[0]).toMatchObject({ attachChart: true });
    expect(parse(rule('')).alerts.rules[0]).not.toHaveProperty('attachChart');
    expect(parse(rule(', attachChart: false')).alerts.rules[0]).not.toHaveProperty('attachChart');
    expect(problemsOf(rule(', attachChart: sometimes'))).toEqual([
      'chatops.yml: alerts.rules[0].attachChart: "sometimes" is not true or false',
    ]);
    expect(problemsOf(`${rule(', attachChart: true')}stats: { enabled: false }\n`)).toEqual([
      'chatops.yml: alerts.rules[0].attachChart: a chart needs the occupancy history, which stats.enabled: false turns off',
    ]);
  });
});

describe('periods', () => {
  it('any duration; case and spaces do not matter; anything else is not a period', () => {
    expect(periodToMs('30m')).toBe(30 * 60_000);
    expect(periodToMs(' 24H ')).toBe(24 * 3_600_000);
    expect(periodToMs('7d')).toBe(7 * 86_400_000);
    expect(periodToMs('2w')).toBe(14 * 86_400_000);
    expect(periodToMs('1.5h')).toBe(90 * 60_000);
    for (const text of ['', '0h', 'h', '10', '1y', '24 hours', '-1d'])
      expect(periodToMs(text)).toBeUndefined();
  });

  it('as a parameter: from 10 minutes to 366 days, kept as typed (lowercased)', () => {
    expect(periodValue.parse('7D')).toBe('7d');
    expect(periodValue.safeParse('5m').success).toBe(false);
    expect(periodValue.safeParse('367d').success).toBe(false);
    expect(periodValue.safeParse('366d').success).toBe(true);
  });

  it('described and written back', () => {
    expect(describePeriod('1h')).toBe('1 hour');
    expect(describePeriod('24h')).toBe('24 hours');
    expect(describePeriod('7d')).toBe('7 days');
    expect(formatPeriod(86_400_000)).toBe('24h');
    expect(formatPeriod(7 * 86_400_000)).toBe('1w');
    expect(formatPeriod(3 * 86_400_000)).toBe('3d');
    expect(formatPeriod(90 * 60_000)).toBe('90m');
  });
});
