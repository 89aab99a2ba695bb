import { describe, expect, it } from 'vitest';
import { RecentEntries } from '../../src/emulator/recent-entries.ts';

describe('RecentEntries', () => {
  it('keeps the most recent entries, oldest first, never more than the limit when read', () => {
    const recent = new RecentEntries<number>(100);
    for (let index = 0; index < 1_234; index += 1) recent.push(index);
    expect(recent.entries).toHaveLength(100);
    expect(recent.entries[0]).toBe(1_134);
    expect(recent.entries.at(-1)).toBe(1_233);
  });
});
