import { afterEach, describe, expect, it, vi } from 'vitest';
import { AcknowledgementGate } from '../../../adapters/shared/acknowledgement-gate.ts';

// The gate waits with setTimeout and with node:timers/promises' setTimeout, and reads
// performance.now(). Vitest's fake timers take over the first and the clock, not the second: the
// promise form is routed through the global setTimeout, so that it too runs on the fake clock
// where a test fakes it, and on real time elsewhere.
vi.mock('node:timers/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:timers/promises')>();
  return {
    ...actual,
    setTimeout: <T>(ms?: number, value?: T) =>
      new Promise<T | undefined>((resolve) => globalThis.setTimeout(() => resolve(value), ms)),
  };
});

afterEach(() => {
  vi.useRealTimers();
});

describe('AcknowledgementGate', () => {
  it('lets work go at once when nothing waits for its acknowledgement', async () => {
    const gate = new AcknowledgementGate();
    const release = gate.arrived();
    release();
    await gate.clear();
    expect(gate.waiting).toBe(0);
  });

  it('holds work while another interaction is not acknowledged, and lets it go when it is', async () => {
    vi.useFakeTimers();
    const start = performance.now();
    const gate = new AcknowledgementGate({ maxWaitMs: 5_000 });
    const first = gate.arrived();
    const second = gate.arrived();
    first();
    let cleared = false;
    const waiting = gate.clear().then(() => {
      cleared = true;
    });
    // Still held 1 ms before its longest wait: only the acknowledgement can let it go sooner.
    await vi.advanceTimersByTimeAsync(4_999);
    expect(cleared).toBe(false);
    second();
    second();
    // Let go at once: no more time passes on the test's clock before it is.
    await waiting;
    expect(cleared).toBe(true);
    expect(performance.now() - start).toBe(4_999);
    expect(gate.waiting).toBe(0);
  });

  it('holds work until requests have stopped arriving for a moment: the rest of a burst comes first', async () => {
    vi.useFakeTimers();
    const start = performance.now();
    const gate = new AcknowledgementGate({ maxWaitMs: 5_000, quietMs: 60 });
    gate.arrived()();
    let cleared = false;
    const waiting = gate.clear().then(() => {
      cleared = true;
    });
    await vi.advanceTimersByTimeAsync(30);
    gate.arrived()(); // another request of the burst, acknowledged at once
    await vi.advanceTimersByTimeAsync(40);
    expect(cleared).toBe(false); // 70 ms since the first, 40 since the last
    await vi.advanceTimersByTimeAsync(19);
    expect(cleared).toBe(false); // 1 ms before 60 ms of quiet
    await vi.advanceTimersByTimeAsync(1);
    expect(cleared).toBe(true); // quiet for 60 ms: let go
    expect(performance.now() - start).toBe(90);
    await waiting;
  });

  it('lets held work go on in the order it asked', async () => {
    const gate = new AcknowledgementGate({ maxWaitMs: 5_000, quietMs: 30 });
    const indexes = Array.from({ length: 8 }, (_, index) => index);
    const releases = indexes.map(() => gate.arrived());
    const order: number[] = [];
    const held = indexes.map(async (index) => {
      releases[index]?.();
      // Each asks at its own moment, as requests acknowledged one after another do.
      await new Promise((resolve) => setTimeout(resolve, index * 3));
      await gate.clear();
      order.push(index);
    });
    await Promise.all(held);
    expect(order).toEqual(indexes);
  });

  it('never holds work longer than its longest wait', async () => {
    const gate = new AcknowledgementGate({ maxWaitMs: 30 });
    gate.arrived();
    // The request is never acknowledged: only the longest wait can let the work go.
    await gate.clear();
    expect(gate.waiting).toBe(1);
  });
});
