import { describe, expect, it } from 'vitest';
import { AcknowledgementGate } from '../../../adapters/shared/acknowledgement-gate.ts';

describe('AcknowledgementGate', () => {
  it('lets work go at once when nothing waits for its acknowledgement', async () => {
    const gate = new AcknowledgementGate();
    const release = gate.arrived();
    release();
    await gate.clear();
    expect(gate.waiting).toBe(0);
  });

  it('holds work while another interaction is not acknowledged, and lets it go when it is', async () => {
    const gate = new AcknowledgementGate({ maxWaitMs: 5_000 });
    const first = gate.arrived();
    const second = gate.arrived();
    first();
    let cleared = false;
    const waiting = gate.clear().then(() => {
      cleared = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cleared).toBe(false);
    second();
    second();
    await waiting;
    expect(cleared).toBe(true);
    expect(gate.waiting).toBe(0);
  });

  it('holds work until requests have stopped arriving for a moment: the rest of a burst comes first', async () => {
    const gate = new AcknowledgementGate({ maxWaitMs: 5_000, quietMs: 60 });
    gate.arrived()();
    let cleared = false;
    const waiting = gate.clear().then(() => {
      cleared = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    gate.arrived()(); // another request of the burst, acknowledged at once
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(cleared).toBe(false); // 70 ms since the first, 40 since the last
    await waiting;
    expect(cleared).toBe(true);
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
