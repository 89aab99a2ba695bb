import { appendFile, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, openAuditFile } from '../../src/audit/index.ts';
import { useTempFolders } from '../status/temp-folder.ts';
import { sampleEntry } from './sample-entry.ts';

const makeFolder = useTempFolders();

function numbered(index: number): AuditEntry {
  return sampleEntry({ userId: `U${index}`, parameters: { index } });
}

const indexesOf = (entries: AuditEntry[]) => entries.map((entry) => entry.parameters.index);

describe('tail', () => {
  it('returns the last entries of a 20,000-entry log, oldest first', async () => {
    const path = join(await makeFolder(), 'audit.jsonl');
    const log = await openAuditFile(path, { secrets: [] });
    await Promise.all(Array.from({ length: 20_000 }, (_, index) => log.append(numbered(index))));
    expect(indexesOf(await log.tail(3))).toEqual([19_997, 19_998, 19_999]);
    expect(indexesOf(await log.tail())).toEqual(Array.from({ length: 10 }, (_, index) => 19_990 + index));
    expect(await log.tail(5000)).toHaveLength(100);
    expect(indexesOf(await log.tail(5000)).at(0)).toBe(19_900);
    expect(await log.tail(0)).toEqual([]);
    expect(await log.tail(Number.NaN)).toHaveLength(10);
  });

  it('reads only the end of the file: a 3 GB file (a sparse hole, then entries) a whole read would refuse', async () => {
    const path = join(await makeFolder(), 'audit.jsonl');
    const handle = await open(path, 'w');
    // Reading this whole would fail: Node refuses buffers over 2 GB.
    await handle.truncate(3 * 1024 ** 3);
    await handle.close();
    await appendFile(path, '\n');
    const log = await openAuditFile(path, { secrets: [] });
    for (let index = 0; index < 5; index += 1) await log.append(numbered(index));
    expect(indexesOf(await log.tail(4))).toEqual([1, 2, 3, 4]);
  });

  it('skips a torn final line, non-JSON lines and JSON that is not an entry', async () => {
    const path = join(await makeFolder(), 'audit.jsonl');
    const log = await openAuditFile(path, { secrets: [] });
    await log.append(numbered(1));
    await appendFile(path, 'not json at all\n{"some":"other json"}\n\n');
    await log.append(numbered(2));
    await log.append(numbered(3));
    await appendFile(path, JSON.stringify(numbered(4)).slice(0, 40));
    expect(indexesOf(await log.tail(2))).toEqual([2, 3]);
    expect(indexesOf(await log.tail(10))).toEqual([1, 2, 3]);
  });

  it('reads entries longer than its read chunk, and multi-byte text across chunk edges', async () => {
    const path = join(await makeFolder(), 'audit.jsonl');
    const log = await openAuditFile(path, { secrets: [] });
    const long = (index: number) =>
      sampleEntry({ parameters: { index, message: `${'聊天室 🦊 '.repeat(9000 + index * 977)}end` } });
    for (let index = 0; index < 6; index += 1) await log.append(long(index));
    const entries = await log.tail(4);
    expect(indexesOf(entries)).toEqual([2, 3, 4, 5]);
    expect(entries.map((entry) => entry.parameters.message)).toEqual(
      [2, 3, 4, 5].map((i) => long(i).parameters.message),
    );
  });

  it('finds nothing in an empty log or a log file that is gone', async () => {
    const folder = await makeFolder();
    const path = join(folder, 'audit.jsonl');
    const log = await openAuditFile(path, { secrets: [] });
    expect(await log.tail()).toEqual([]);
    await appendFile(path, '\n\n');
    expect(await log.tail()).toEqual([]);
    await rm(path);
    expect(await log.tail()).toEqual([]);
  });
});
