import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readConsistently } from '../../src/status/consistent-read.ts';
import { type ReadWorker, startReadWorker } from '../../src/status/read-worker.ts';
import { useTempFolders } from './temp-folder.ts';

/** The feed's reads in a worker thread answer as the reads in this thread do. */

const makeFolder = useTempFolders();
const workers: ReadWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
});

function started(): ReadWorker {
  const worker = startReadWorker();
  workers.push(worker);
  return worker;
}

describe('startReadWorker', () => {
  it('reads files asked for together as readConsistently does: bytes, a missing file, one too large', async () => {
    const folder = await makeFolder();
    await writeFile(join(folder, 'room_1.txt'), 'ann\nbob\n');
    await writeFile(join(folder, 'room_2.txt'), 'x'.repeat(100));
    const worker = started();
    const asked: Array<[string, number]> = [
      [join(folder, 'room_1.txt'), 1000],
      [join(folder, 'room_9.txt'), 1000],
      [join(folder, 'room_2.txt'), 50],
    ];
    const inWorker = await Promise.all(asked.map(([path, maxBytes]) => worker.read(path, maxBytes)));
    const here = await Promise.all(asked.map(([path, maxBytes]) => readConsistently(path, maxBytes)));
    expect(inWorker[0]).toEqual(here[0]);
    expect(inWorker[0]?.kind === 'bytes' && new TextDecoder().decode(inWorker[0].bytes)).toBe('ann\nbob\n');
    expect(inWorker[2]).toEqual({ kind: 'too-large', size: 100, maxBytes: 50 });
    // A failure keeps its code: the reader tells a missing file from an unreadable one by it.
    const missing = inWorker[1];
    expect(missing?.kind).toBe('failed');
    expect(missing?.kind === 'failed' && (missing.error as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('once closed, reads in this thread', async () => {
    const folder = await makeFolder();
    await writeFile(join(folder, 'online.txt'), '1|1|1\n');
    const worker = started();
    await worker.close();
    const read = await worker.read(join(folder, 'online.txt'), 1000);
    expect(read.kind === 'bytes' && new TextDecoder().decode(read.bytes)).toBe('1|1|1\n');
  });
});
