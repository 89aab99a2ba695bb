import { describe, expect, it } from 'vitest';
import { ExpiringMap } from '../../../adapters/shared/expiring-map.ts';
import { RedeliveryGuard } from '../../../adapters/slack/redelivery-guard.ts';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('ExpiringMap', () => {
  it('forgets an entry after its lifetime', () => {
    const time = clock();
    const map = new ExpiringMap<string, number>({ maxEntries: 10, now: time.now });
    map.set('a', 1, 100);
    time.advance(100);
    expect(map.get('a')).toBe(1);
    time.advance(1);
    expect(map.get('a')).toBeUndefined();
  });

  it('never holds more than its cap: the oldest go first', () => {
    const map = new ExpiringMap<number, number>({ maxEntries: 100, now: clock().now });
    for (let key = 0; key < 10_000; key += 1) map.set(key, key, 60_000);
    expect(map.size).toBe(100);
    expect(map.get(9_899)).toBeUndefined();
    expect(map.get(9_900)).toBe(9_900);
  });

  it('sweeps expired entries as new ones arrive', () => {
    const time = clock();
    const map = new ExpiringMap<number, number>({ maxEntries: 1000, now: time.now });
    for (let key = 0; key < 500; key += 1) map.set(key, key, 10);
    time.advance(11);
    map.set(-1, -1, 10);
    expect(map.size).toBe(1);
  });
});

describe('RedeliveryGuard', () => {
  it('first delivery runs; a retry or a trigger seen before does not', async () => {
    const guard = new RedeliveryGuard({ now: clock().now });
    expect(await guard.check({ triggerId: 't1' })).toBe('first');
    expect(await guard.check({ triggerId: 't1' })).toBe('seen');
    expect(await guard.check({ triggerId: 't2', retryNum: 1 })).toBe('retry');
    expect(await guard.check({ triggerId: 't2' })).toBe('seen');
    expect(await guard.check({ retryNum: 0 })).toBe('first');
    expect(await guard.check({ retryNum: 2 })).toBe('retry');
  });

  it('remembers a bounded number of triggers for a bounded time', async () => {
    const time = clock();
    const guard = new RedeliveryGuard({ ttlMs: 1000, maxEntries: 10, now: time.now });
    await guard.check({ triggerId: 'old' });
    time.advance(1001);
    expect(await guard.check({ triggerId: 'old' })).toBe('first');
    for (let index = 0; index < 20; index += 1) await guard.check({ triggerId: `t${index}` });
    expect(await guard.check({ triggerId: 't0' })).toBe('first');
    expect(await guard.check({ triggerId: 't19' })).toBe('seen');
  });
});
