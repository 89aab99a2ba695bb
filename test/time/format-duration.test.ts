import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/time/format-duration.ts';

describe('formatDuration', () => {
  it('says in milliseconds what would round to "0 s"', () => {
    expect(formatDuration(300)).toBe('300 ms');
    expect(formatDuration(499)).toBe('499 ms');
    expect(formatDuration(999)).toBe('1 s');
    expect(formatDuration(0)).toBe('0 s');
  });

  it('seconds, minutes, hours and days as messages show them', () => {
    expect(formatDuration(1_000)).toBe('1 s');
    expect(formatDuration(60_000)).toBe('1 min');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(76 * 3_600_000)).toBe('3 d 4 h');
  });
});
