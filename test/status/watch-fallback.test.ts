import type * as fs from 'node:fs';
import { watch as fsWatch } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scanStatusFolder } from '../../src/status/folder-scan.ts';
import { type StatusFolderWatch, type StatusWatchError, watchStatusFolder } from '../../src/status/index.ts';
import { useTempFolders } from './temp-folder.ts';
import { waitFor } from './wait-for.ts';

// fs.watch cannot be made to fail on demand on a healthy system, so this file wraps it.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  return { ...actual, watch: vi.fn(actual.watch) };
});

// The polling engine's listings, watched (not changed), to know when the fallback's baseline is taken.
vi.mock('../../src/status/folder-scan.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/status/folder-scan.ts')>();
  return { ...actual, scanStatusFolder: vi.fn(actual.scanStatusFolder) };
});

const makeFolder = useTempFolders();
const openWatches: StatusFolderWatch[] = [];

afterEach(async () => {
  await Promise.all(openWatches.splice(0).map((watch) => watch.close()));
  vi.mocked(fsWatch).mockClear();
  vi.mocked(scanStatusFolder).mockClear();
});

function errnoError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

async function watchRecording(dir: string, mode: 'auto' | 'native') {
  const errors: StatusWatchError[] = [];
  const seen = new Set<string>();
  const watch = watchStatusFolder(
    dir,
    { mode, debounceMs: 20, pollIntervalMs: 30, onError: (error) => errors.push(error) },
    (names) => {
      for (const name of names) seen.add(name);
    },
  );
  openWatches.push(watch);
  await watch.ready;
  return { watch, errors, seen };
}

describe('watchStatusFolder when fs.watch fails', () => {
  it('falls back to polling in auto mode when fs.watch throws', async () => {
    vi.mocked(fsWatch).mockImplementationOnce(() => {
      throw errnoError('inotify watch limit reached', 'ENOSPC');
    });
    const dir = await makeFolder();
    const { watch, errors, seen } = await watchRecording(dir, 'auto');
    expect(watch.mode).toBe('poll');
    expect(errors).toEqual([
      {
        kind: 'native-watch-failed',
        folder: dir,
        message: 'fs.watch failed: the file system answered ENOSPC',
      },
    ]);
    await writeFile(join(dir, 'online.txt'), '1|2|3');
    await waitFor('the poller to report online.txt', () => seen.has('online.txt'));
  });

  it('falls back to polling in auto mode when a running fs.watch emits an error', async () => {
    const actual = await vi.importActual<typeof fs>('node:fs');
    let failWatcher: (() => void) | undefined;
    vi.mocked(fsWatch).mockImplementationOnce(((path: fs.PathLike, listener: fs.WatchListener<string>) => {
      const watcher = actual.watch(path, listener);
      failWatcher = () => watcher.emit('error', errnoError('watch broke', 'EIO'));
      return watcher;
    }) as typeof fsWatch);
    const dir = await makeFolder();
    const { watch, errors, seen } = await watchRecording(dir, 'auto');
    expect(watch.mode).toBe('native');
    expect(vi.mocked(scanStatusFolder)).not.toHaveBeenCalled();
    failWatcher?.();
    expect(watch.mode).toBe('poll');
    expect(errors.map((error) => error.kind)).toEqual(['native-watch-failed']);
    // The fallback poller takes its baseline listing at once; a write before it would be part of
    // it. The poller compares once that listing is done, before this test's wait for it resumes.
    const [baseline] = vi.mocked(scanStatusFolder).mock.results;
    expect(baseline?.type).toBe('return');
    await baseline?.value;
    await writeFile(join(dir, 'room_4.txt'), 'alice\n');
    await waitFor('the poller to report room_4.txt', () => seen.has('room_4.txt'));
  });

  it('keeps retrying fs.watch in native mode instead of polling', async () => {
    vi.mocked(fsWatch).mockImplementationOnce(() => {
      throw errnoError('not supported here', 'ENOSYS');
    });
    const dir = await makeFolder();
    const { watch, errors, seen } = await watchRecording(dir, 'native');
    expect(errors.map((error) => error.kind)).toEqual(['native-watch-failed']);
    await waitFor('fs.watch to be tried again', () => vi.mocked(fsWatch).mock.calls.length >= 2);
    expect(watch.mode).toBe('native');
    await writeFile(join(dir, 'room_6.txt'), 'bob\n');
    await waitFor('room_6.txt to be reported', () => seen.has('room_6.txt'));
  });
});
