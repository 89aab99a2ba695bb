import { mkdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type StatusFolderWatch,
  type StatusWatchError,
  type StatusWatchOptions,
  watchStatusFolder,
} from '../../src/status/index.ts';
import { useTempFolders } from './temp-folder.ts';
import { waitFor } from './wait-for.ts';

const makeFolder = useTempFolders();
const openWatches: StatusFolderWatch[] = [];

afterEach(async () => {
  await Promise.all(openWatches.splice(0).map((watch) => watch.close()));
});

interface Recorder {
  readonly watch: StatusFolderWatch;
  readonly batches: ReadonlySet<string>[];
  readonly errors: StatusWatchError[];
  /** Every name reported so far, across batches. */
  seen(): Set<string>;
}

async function startWatch(dir: string, options: StatusWatchOptions): Promise<Recorder> {
  const batches: ReadonlySet<string>[] = [];
  const errors: StatusWatchError[] = [];
  const watch = watchStatusFolder(dir, { ...options, onError: (error) => errors.push(error) }, (names) => {
    batches.push(names);
  });
  openWatches.push(watch);
  await watch.ready;
  return { watch, batches, errors, seen: () => new Set(batches.flatMap((names) => [...names])) };
}

describe.each(['native', 'poll'] as const)('watchStatusFolder, %s mode', (mode) => {
  const options: StatusWatchOptions = { mode, debounceMs: 30, pollIntervalMs: 40 };

  async function folderWithFiles(): Promise<string> {
    const dir = await makeFolder();
    await writeFile(join(dir, 'online.txt'), '1|1|1');
    await writeFile(join(dir, 'room_5.txt'), 'alice\n');
    return dir;
  }

  it('runs the engine asked for', async () => {
    const recorder = await startWatch(await folderWithFiles(), options);
    expect(recorder.watch.mode).toBe(mode);
  });

  it('reports a rewritten file by name', async () => {
    const dir = await folderWithFiles();
    const recorder = await startWatch(dir, options);
    await writeFile(join(dir, 'online.txt'), '230|199|10');
    await waitFor('online.txt to be reported', () => recorder.seen().has('online.txt'));
    expect(recorder.seen()).toEqual(new Set(['online.txt']));
    expect(recorder.errors).toEqual([]);
  });

  it('reports an atomic temp-file-and-rename write under the final name only', async () => {
    const dir = await folderWithFiles();
    const recorder = await startWatch(dir, options);
    await writeFile(join(dir, 'online.txt.tmp-4711'), '2|2|2');
    await rename(join(dir, 'online.txt.tmp-4711'), join(dir, 'online.txt'));
    await writeFile(join(dir, '.room_3.txt.swp'), 'bob\ncarol\n');
    await rename(join(dir, '.room_3.txt.swp'), join(dir, 'room_3.txt'));
    await waitFor(
      'both files to be reported',
      () => recorder.seen().has('online.txt') && recorder.seen().has('room_3.txt'),
    );
    await sleep(100);
    expect(recorder.seen()).toEqual(new Set(['online.txt', 'room_3.txt']));
  });

  it('reports a deleted room file', async () => {
    const dir = await folderWithFiles();
    const recorder = await startWatch(dir, options);
    await unlink(join(dir, 'room_5.txt'));
    await waitFor('room_5.txt to be reported', () => recorder.seen().has('room_5.txt'));
    expect(recorder.seen()).toEqual(new Set(['room_5.txt']));
  });

  it('collects a burst of 100 writes into a few callbacks', async () => {
    const dir = await folderWithFiles();
    const recorder = await startWatch(dir, { ...options, debounceMs: 100 });
    for (let write = 0; write < 100; write += 1)
      await writeFile(join(dir, 'online.txt'), `${write}|${write}|1000`);
    await waitFor('the burst to be reported', () => recorder.seen().has('online.txt'));
    await sleep(250);
    expect(recorder.batches.length).toBeGreaterThanOrEqual(1);
    expect(recorder.batches.length).toBeLessThanOrEqual(3);
    for (const batch of recorder.batches) expect(batch).toEqual(new Set(['online.txt']));
  });

  it('calls back no more after close()', async () => {
    const dir = await folderWithFiles();
    const recorder = await startWatch(dir, options);
    await writeFile(join(dir, 'online.txt'), '3|3|3 ');
    await recorder.watch.close();
    const batchesAtClose = recorder.batches.length;
    await writeFile(join(dir, 'online.txt'), '4|4|4  ');
    await writeFile(join(dir, 'room_9.txt'), 'dave\n');
    await sleep(200);
    expect(recorder.batches.length).toBe(batchesAtClose);
  });

  it('survives the folder being removed, says so, and watches it again once it is back', async () => {
    const dir = await folderWithFiles();
    const recorder = await startWatch(dir, options);
    await rm(dir, { recursive: true });
    await waitFor('the folder loss to be reported', () =>
      recorder.errors.some((error) => error.kind === 'folder-missing'),
    );
    expect(recorder.errors[0]).toEqual({
      kind: 'folder-missing',
      folder: dir,
      message: `the status folder ${dir} does not exist`,
    });

    await mkdir(dir);
    await writeFile(join(dir, 'room_8.txt'), 'erin\n');
    await waitFor('the new room file to be reported', () => recorder.seen().has('room_8.txt'));
    await writeFile(join(dir, 'room_12.txt'), 'frank\n');
    await waitFor('a file written after re-attaching to be reported', () =>
      recorder.seen().has('room_12.txt'),
    );
    expect(recorder.errors.filter((error) => error.kind === 'folder-missing')).toHaveLength(1);
  });

  it('starts on a missing folder, says so, and picks it up once it appears', async () => {
    const dir = join(await makeFolder(), 'default');
    const recorder = await startWatch(dir, options);
    expect(recorder.errors.map((error) => error.kind)).toEqual(['folder-missing']);
    await mkdir(dir);
    await writeFile(join(dir, 'online.txt'), '1|1|1');
    await waitFor('online.txt to be reported', () => recorder.seen().has('online.txt'));
  });

  it('reports a listener that throws through onError and keeps watching', async () => {
    const dir = await folderWithFiles();
    const errors: StatusWatchError[] = [];
    let calls = 0;
    const watch = watchStatusFolder(dir, { ...options, onError: (error) => errors.push(error) }, () => {
      calls += 1;
      throw new Error('listener bug');
    });
    openWatches.push(watch);
    await watch.ready;
    await writeFile(join(dir, 'online.txt'), '5|5|5');
    await waitFor('the listener failure', () => errors.length > 0);
    await sleep(60);
    await writeFile(join(dir, 'room_5.txt'), 'alice\nbob\n');
    await waitFor('a second call', () => calls >= 2);
    expect(errors[0]).toMatchObject({
      kind: 'listener-failed',
      message: 'the status change listener failed: listener bug',
    });
  });
});

describe('watchStatusFolder options', () => {
  it('uses fs.watch in auto mode where it works', async () => {
    const recorder = await startWatch(await makeFolder(), {});
    expect(recorder.watch.mode).toBe('native');
  });

  it('refuses a debounce or interval that is not a positive number', () => {
    expect(() => watchStatusFolder('.', { debounceMs: 0 }, () => undefined)).toThrow(RangeError);
    expect(() => watchStatusFolder('.', { pollIntervalMs: Number.NaN }, () => undefined)).toThrow(RangeError);
  });
});
