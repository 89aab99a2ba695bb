import { mkdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

/** A status file no test writes but as a witness: its write comes after everything before it. */
const WITNESS = 'room_99.txt';

/**
 * Writes the witness file and waits until `recorder` reports it. The folder's events come in the
 * order the writes were made, and a watch reports them in that order (a batch at a time), so by
 * then every write before the witness has been reported, or never will be.
 */
async function afterALaterWrite(dir: string, recorder: Recorder, name = WITNESS): Promise<void> {
  await writeFile(join(dir, name), 'witness\n');
  await waitFor(`the later write of ${name} to be reported`, () => recorder.seen().has(name));
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
    // Had a temp name been reported, it would have been by the time a later write is.
    await afterALaterWrite(dir, recorder);
    expect(recorder.seen()).toEqual(new Set(['online.txt', 'room_3.txt', WITNESS]));
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
    // Every callback of the burst has come once a write made after it is reported (in the last
    // of them, or in one of its own).
    await afterALaterWrite(dir, recorder);
    const burst = recorder.batches.filter((batch) => batch.has('online.txt'));
    expect(burst.length).toBeGreaterThanOrEqual(1);
    expect(burst.length).toBeLessThanOrEqual(3);
    const witnessed = recorder.batches.findIndex((batch) => batch.has(WITNESS));
    expect(witnessed).toBe(recorder.batches.length - 1);
    for (const batch of recorder.batches.slice(0, witnessed)) expect(batch).toEqual(new Set(['online.txt']));
    // The last names the witness, with the tail of the burst when it fell in the same window.
    expect([...(recorder.batches[witnessed] ?? [])].filter((name) => name !== 'online.txt')).toEqual([
      WITNESS,
    ]);
  });

  it('calls back no more after close()', async () => {
    const dir = await folderWithFiles();
    const recorder = await startWatch(dir, options);
    // A second watch of the same folder with the same timings, started after the first. Native:
    // both get the same events, its debounce timer set after the first's, so it reports no sooner
    // than the first would. Poll: both list the folder every 40 ms; once it has reported three
    // writes in turn (three of its listings), the first has had a listing since the writes.
    const witness = await startWatch(dir, options);
    await writeFile(join(dir, 'online.txt'), '3|3|3 ');
    await recorder.watch.close();
    const batchesAtClose = recorder.batches.length;
    await writeFile(join(dir, 'online.txt'), '4|4|4  ');
    await writeFile(join(dir, 'room_9.txt'), 'dave\n');
    await waitFor('the witness to report the writes after close()', () => witness.seen().has('room_9.txt'));
    // Two more writes, each reported by the witness: two more of its listings since those writes.
    for (const name of ['room_10.txt', 'room_11.txt']) await afterALaterWrite(dir, witness, name);
    expect(recorder.batches.length).toBe(batchesAtClose);
    expect(recorder.seen().has('room_9.txt')).toBe(false);
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
    const calls: ReadonlySet<string>[] = [];
    const watch = watchStatusFolder(dir, { ...options, onError: (error) => errors.push(error) }, (names) => {
      calls.push(names);
      throw new Error('listener bug');
    });
    openWatches.push(watch);
    await watch.ready;
    await writeFile(join(dir, 'online.txt'), '5|5|5');
    await waitFor('the listener failure', () => errors.length > 0);
    expect(calls.some((names) => names.has('room_5.txt'))).toBe(false);
    // Written after the listener threw: a call that names it is a later call.
    await writeFile(join(dir, 'room_5.txt'), 'alice\nbob\n');
    await waitFor('a later call with room_5.txt', () => calls.some((names) => names.has('room_5.txt')));
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
