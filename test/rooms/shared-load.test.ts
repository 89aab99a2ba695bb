import { describe, expect, it } from 'vitest';
import { shareLoads } from '../../src/rooms/shared-load.ts';

function countingLoad() {
  const calls = { count: 0 };
  const pending: Array<(value: number) => void> = [];
  const load = () => {
    calls.count += 1;
    return new Promise<number>((resolve) => pending.push(resolve));
  };
  const answer = (value: number) => pending.shift()?.(value);
  return { calls, load, answer };
}

describe('shareLoads', () => {
  it('shares one load between concurrent callers', async () => {
    const { calls, load, answer } = countingLoad();
    const shared = shareLoads(load, { ttlMs: 1000, now: () => 0 });
    const waiting = [shared.get(), shared.get(), shared.reload(), shared.get()];
    answer(7);
    expect(await Promise.all(waiting)).toEqual([7, 7, 7, 7]);
    expect(calls.count).toBe(1);
  });

  it('answers from the cache until ttlMs has passed, then loads again', async () => {
    let clock = 0;
    const { calls, load, answer } = countingLoad();
    const shared = shareLoads(load, { ttlMs: 1000, now: () => clock });
    const first = shared.get();
    answer(1);
    expect(await first).toBe(1);
    clock = 999;
    expect(await shared.get()).toBe(1);
    expect(calls.count).toBe(1);
    clock = 1000;
    const second = shared.get();
    answer(2);
    expect(await second).toBe(2);
    expect(calls.count).toBe(2);
  });

  it('reloads on request whatever the cache holds', async () => {
    const { calls, load, answer } = countingLoad();
    const shared = shareLoads(load, { ttlMs: 60_000, now: () => 0 });
    const first = shared.get();
    answer(1);
    await first;
    const reloaded = shared.reload();
    answer(2);
    expect(await reloaded).toBe(2);
    expect(await shared.get()).toBe(2);
    expect(calls.count).toBe(2);
  });

  it('does not cache a load that rejected', async () => {
    let attempts = 0;
    const shared = shareLoads(
      async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('first attempt fails');
        return attempts;
      },
      { ttlMs: 60_000, now: () => 0 },
    );
    await expect(shared.get()).rejects.toThrow('first attempt fails');
    expect(await shared.get()).toBe(2);
  });
});
