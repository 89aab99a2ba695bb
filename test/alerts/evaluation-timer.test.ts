import { describe, expect, it } from 'vitest';
import { EvaluationTimer } from '../../src/alerts/evaluation-timer.ts';

/**
 * The alerts' own wake-up: one pending at a time, replaced by each set, gone when cancelled.
 * What must not come is checked against a witness timer due later: by the time the witness
 * wakes, any earlier wake-up would have come.
 */

function counted() {
  let wakes = 0;
  const waiters: Array<() => void> = [];
  const timer = new EvaluationTimer(() => {
    wakes += 1;
    for (const resolve of waiters.splice(0)) resolve();
  });
  return {
    timer,
    wakes: () => wakes,
    woken: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
      }),
  };
}

describe('EvaluationTimer', () => {
  it('wakes at the time set; a time already past wakes at once', async () => {
    const t = counted();
    const woke = t.woken();
    const now = Date.now();
    t.timer.set(now - 1_000, now);
    await woke;
    expect(t.wakes()).toBe(1);
  });

  it('a new set replaces the wake-up before it: the replaced one never comes', async () => {
    const t = counted();
    const witness = counted();
    const now = Date.now();
    t.timer.set(now + 5, now);
    t.timer.set(now + 30, now);
    const witnessWoke = witness.woken();
    witness.timer.set(now + 60, now);
    await witnessWoke;
    expect(t.wakes()).toBe(1);
  });

  it('cancel, or a set with no time, leaves nothing pending', async () => {
    const cancelled = counted();
    const cleared = counted();
    const witness = counted();
    const now = Date.now();
    cancelled.timer.set(now + 5, now);
    cancelled.timer.cancel();
    cleared.timer.set(now + 5, now);
    cleared.timer.set(undefined, now);
    const witnessWoke = witness.woken();
    witness.timer.set(now + 40, now);
    await witnessWoke;
    expect([cancelled.wakes(), cleared.wakes()]).toEqual([0, 0]);
  });
});
