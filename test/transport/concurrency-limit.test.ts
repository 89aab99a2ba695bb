import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../../src/transport/concurrency-limit.ts';

describe('ConcurrencyLimit', () => {
  it('runs tasks in arrival order, never more than the limit at once, and passes errors through', async () => {
    const limit = new ConcurrencyLimit(2);
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const tasks = [0, 1, 2, 3].map((index) =>
      limit.run(async () => {
        started.push(index);
        await new Promise<void>((release) => releases.push(release));
        if (index === 1) throw new Error('task 1 failed');
        return index;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limit.waiting).toBe(2);
    releases[1]?.();
    await expect(tasks[1]).rejects.toThrow('task 1 failed');
    expect(started).toEqual([0, 1, 2]);
    expect(limit.running).toBe(2);
    releases[0]?.();
    releases[2]?.();
    await Promise.all([tasks[0], tasks[2]]);
    releases[3]?.();
    await expect(Promise.all([tasks[0], tasks[2], tasks[3]])).resolves.toEqual([0, 2, 3]);
    expect(limit.running).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow('concurrency limit must be a whole number >= 1, got 0');
  });
});
