import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationToMs } from '../../src/config/duration.ts';

describe('durationToMs', () => {
  it.each<[number | string, number]>([
    ['500ms', 500],
    ['10s', 10_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1.5s', 1_500],
    [' 10s ', 10_000],
    ['10 s', 10_000],
    ['1d', 86_400_000],
    ['2w', 1_209_600_000],
    [10, 10_000],
    [0, 0],
    ['0', 0],
    [0.0004, 0],
  ])('reads %j as %i ms', (written, ms) => {
    expect(durationToMs(written)).toBe(ms);
  });

  it.each<number | string>([
    '10 sec',
    '1y',
    's',
    'ms',
    '',
    '-1s',
    '1e3s',
    '1m30s',
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ])('refuses %j', (written) => {
    expect(durationToMs(written)).toBeUndefined();
  });

  it('agrees with the unit it is written in, for any whole amount', () => {
    const units = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
    fc.assert(
      fc.property(
        fc.nat(1_000_000),
        fc.constantFrom('ms', 's', 'm', 'h', 'd', 'w' as const),
        (amount, unit) => {
          expect(durationToMs(`${amount}${unit}`)).toBe(amount * units[unit]);
        },
      ),
    );
  });
});
