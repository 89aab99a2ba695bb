import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStoredAuditLog } from '../../src/audit/index.ts';
import type { StateStore } from '../../src/state/index.ts';
import { scratchStateStore } from '../state/scratch-store.ts';
import { sampleEntry } from './sample-entry.ts';

/**
 * The chain's head in the process log: the witness `npm run audit -- verify --head` checks. Told
 * while it moves (every headLogEveryMs) and at close, as the store has it.
 */

const stores: StateStore[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

async function storedLog(headLogEveryMs?: number) {
  const store = await scratchStateStore();
  stores.push(store);
  const lines: string[] = [];
  const log = openStoredAuditLog(store.audit, {
    secrets: [],
    location: 'memory',
    log: (line) => lines.push(line),
    ...(headLogEveryMs === undefined ? {} : { headLogEveryMs }),
  });
  const headLine = async () => {
    const [head] = await store.audit.last(1);
    if (head === undefined) throw new Error('no head');
    return `audit: the chain's head is entry ${head.seq}, hash ${head.hash} (check it later: npm run audit -- verify --head ${head.seq}:${head.hash})`;
  };
  return { log, lines, headLine };
}

describe('the audit chain’s head in the log', () => {
  it('at close, the head this process wrote, once', async () => {
    const { log, lines, headLine } = await storedLog();
    for (let index = 0; index < 3; index += 1) await log.append(sampleEntry({ parameters: { index } }));
    expect(lines).toEqual([]);
    await log.close();
    expect(lines).toEqual([await headLine()]);
  });

  it('every headLogEveryMs while it moves, not again while it stands; nothing for a chain this process did not write to', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { log, lines, headLine } = await storedLog(1_000);
    vi.advanceTimersByTime(1_000);
    expect(lines).toEqual([]);
    await log.append(sampleEntry());
    vi.advanceTimersByTime(1_000);
    const first = await headLine();
    expect(lines).toEqual([first]);
    vi.advanceTimersByTime(5_000);
    expect(lines).toEqual([first]);
    await log.append(sampleEntry({ parameters: { again: true } }));
    vi.advanceTimersByTime(1_000);
    expect(lines).toEqual([first, await headLine()]);
    await log.close();
    expect(lines).toHaveLength(2);
  });
});
