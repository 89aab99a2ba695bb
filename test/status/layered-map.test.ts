import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layeredMap, type MapChange } from '../../src/status/layered-map.ts';

/** A layered map must read, and iterate, as a Map after the same sets and deletes. */

const change = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.option(fc.integer(), { nil: undefined }));
const batches = fc.array(fc.array(change, { maxLength: 30 }), { maxLength: 40 });

describe('layeredMap', () => {
  it('reads and iterates as a Map after the same changes, and every earlier map stays as it was', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer())),
        batches,
        (start, steps) => {
          const model = new Map(start);
          let layered = layeredMap(start);
          const kept: Array<[ReturnType<typeof layeredMap<number, number>>, [number, number][]]> = [];
          for (const step of steps) {
            layered = layered.with(step as MapChange<number, number>[]);
            for (const [key, value] of step) {
              if (value === undefined) model.delete(key);
              else model.set(key, value);
            }
            expect([...layered]).toEqual([...model]);
            expect(layered.size).toBe(model.size);
            for (let key = 0; key <= 40; key += 1) {
              expect(layered.get(key)).toBe(model.get(key));
              expect(layered.has(key)).toBe(model.has(key));
            }
            kept.push([layered, [...model]]);
          }
          for (const [map, entries] of kept) expect([...map.entries()]).toEqual(entries);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keys, values and forEach follow the entries', () => {
    const map = layeredMap([
      [1, 10],
      [2, 20],
    ]).with([
      [1, undefined],
      [3, 30],
      [1, 11],
    ]);
    expect([...map.keys()]).toEqual([2, 3, 1]);
    expect([...map.values()]).toEqual([20, 30, 11]);
    const seen: number[] = [];
    map.forEach((value, key) => {
      seen.push(key, value);
    });
    expect(seen).toEqual([2, 20, 3, 30, 1, 11]);
  });
});
