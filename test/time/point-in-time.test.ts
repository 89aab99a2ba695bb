import { describe, expect, it } from 'vitest';
import { pointInTimeMs, readPointInTime } from '../../src/time/point-in-time.ts';

const NOW = Date.parse('2030-03-01T12:00:00Z');
const at = (text: string) => {
  const point = readPointInTime(text);
  return point === undefined ? undefined : new Date(pointInTimeMs(point, NOW)).toISOString();
};

describe('a point in time as typed', () => {
  it('a duration counts back from now, in the units every duration takes', () => {
    expect(readPointInTime('24h')).toEqual({ kind: 'ago', ms: 86_400_000 });
    expect(at('90m')).toBe('2030-03-01T10:30:00.000Z');
    expect(at(' 1.5D ')).toBe('2030-02-28T00:00:00.000Z');
  });

  it('a date is midnight UTC; a time without an offset is UTC; an offset is honoured', () => {
    expect(at('2026-11-28')).toBe('2026-11-28T00:00:00.000Z');
    expect(at('2026-11-28T18:30')).toBe('2026-11-28T18:30:00.000Z');
    expect(at('2026-11-28 18:30:05')).toBe('2026-11-28T18:30:05.000Z');
    expect(at('2026-11-28T18:30:05.25Z')).toBe('2026-11-28T18:30:05.250Z');
    expect(at('2026-11-28T19:30+01:00')).toBe('2026-11-28T18:30:00.000Z');
    expect(at('2026-11-28T12:00-05:30')).toBe('2026-11-28T17:30:00.000Z');
    expect(readPointInTime('2026-11-28')).toEqual({ kind: 'at', ms: Date.parse('2026-11-28T00:00:00Z') });
  });

  it('is nothing for what names no point: no unit, a zero duration, a day or time that does not exist, words', () => {
    for (const text of [
      '24',
      '0h',
      '0s',
      '2026-02-30',
      '2026-13-01',
      '2026-11-28T24:00',
      '2026-11-28T12:60',
      'yesterday',
      '',
      '-1h',
      '2026-11-28T12',
    ])
      expect(readPointInTime(text), text).toBeUndefined();
  });
});
