/**
 * The native engine: `fs.watch` on the folder, reporting the status file names its events carry.
 * An atomic writer's temp file shows up as events for the temp name, which are dropped, and one
 * event for the final name. `fs.watch` keeps following the folder's inode when the folder is
 * deleted or moved away, so any event that does not name a status file triggers a check that
 * the path still leads to the watched folder; if not, the engine re-attaches when it is back.
 */

import { type FSWatcher, watch } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { describeFsError, errnoCode } from './read-outcomes.ts';
import { isStatusFileName } from './status-file-names.ts';
import { folderMissing, type WatchEngine, type WatchEvents } from './watch-events.ts';

export interface NativeWatchOptions {
  /** How often to look for a missing folder, or to retry a failed `fs.watch` when there is no fallback. */
  readonly retryIntervalMs: number;
  readonly events: WatchEvents;
  /**
   * Called once when `fs.watch` cannot work here (it threw for another reason than a missing
   * folder, or emitted an error); the engine has stopped by then. Without it the engine retries.
   */
  readonly onUnusable?: () => void;
}

/** The least time between two checks that the path still leads to the watched folder. */
const CHECK_SPACING_MS = 100;

interface FolderIdentity {
  readonly dev: number;
  readonly ino: number;
}

export function startNativeWatch(dir: string, options: NativeWatchOptions): WatchEngine {
  const { events, retryIntervalMs, onUnusable } = options;
  let watcher: FSWatcher | undefined;
  let identity: FolderIdentity | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  // Problems are reported once when they start, not at every retry.
  let reportedProblem: 'missing' | 'watch-failed' | undefined;
  let closed = false;
  let checking: Promise<void> | undefined;
  let checkAgain = false;
  let checkTimer: NodeJS.Timeout | undefined;
  let lastCheckAt = Number.NEGATIVE_INFINITY;
  const inFlight = new Set<Promise<void>>();

  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    // None of the tracked work is meant to reject; if it does, the engine is broken: say so and
    // let the fallback (or the retry) take over rather than crash the process.
    void work.catch(watchFailed).finally(() => inFlight.delete(work));
  };

  const detach = (): void => {
    watcher?.close();
    watcher = undefined;
    identity = undefined;
  };

  const retryLater = (): void => {
    if (!closed) retryTimer = setTimeout(() => track(attach(true)), retryIntervalMs);
  };

  const folderLost = (): void => {
    detach();
    if (reportedProblem !== 'missing') events.failed(folderMissing(dir));
    reportedProblem = 'missing';
    retryLater();
  };

  function watchFailed(error: unknown): void {
    detach();
    if (reportedProblem !== 'watch-failed') {
      const message = `fs.watch failed: ${describeFsError(error)}`;
      events.failed({ kind: 'native-watch-failed', folder: dir, message });
    }
    reportedProblem = 'watch-failed';
    if (onUnusable) {
      closed = true;
      onUnusable();
    } else {
      retryLater();
    }
  }

  /** Reports every status file present: after a gap nobody knows which of them changed. */
  const announcePresent = async (): Promise<void> => {
    try {
      const names = await readdir(dir);
      if (!closed) for (const name of names.filter(isStatusFileName)) events.changed(name);
    } catch {
      requestCheck();
    }
  };

  const onEvent = (_eventType: string, fileName: string | null): void => {
    if (closed) return;
    if (fileName !== null && isStatusFileName(fileName)) {
      events.changed(fileName);
      return;
    }
    requestCheck();
    // Some platforms give no file name at all.
    if (fileName === null) track(announcePresent());
  };

  async function attach(announce: boolean): Promise<void> {
    let folder: Awaited<ReturnType<typeof stat>>;
    try {
      folder = await stat(dir);
    } catch (error) {
      const code = errnoCode(error);
      if (closed) return;
      if (code === 'ENOENT' || code === 'ENOTDIR') folderLost();
      else watchFailed(error);
      return;
    }
    if (closed) return;
    if (!folder.isDirectory()) return folderLost();
    try {
      watcher = watch(dir, onEvent);
    } catch (error) {
      return errnoCode(error) === 'ENOENT' ? folderLost() : watchFailed(error);
    }
    watcher.on('error', watchFailed);
    identity = { dev: folder.dev, ino: folder.ino };
    reportedProblem = undefined;
    if (announce) await announcePresent();
  }

  /** Does the path still lead to the folder being watched? If not, re-attach or wait for it. */
  async function verifyFolder(): Promise<void> {
    if (identity === undefined) return;
    try {
      const folder = await stat(dir);
      if (closed || identity === undefined) return;
      if (folder.isDirectory() && folder.dev === identity.dev && folder.ino === identity.ino) return;
      detach();
      if (folder.isDirectory()) await attach(true);
      else folderLost();
    } catch {
      if (!closed && identity !== undefined) folderLost();
    }
  }

  // Bursts of temp-file events coalesce into one check, plus one more if events came during it,
  // and checks are CHECK_SPACING_MS apart: an atomic writer's temp files bring events at every
  // write, and a busy server's writes kept the checks running back to back (measured: under 300
  // room changes a second, the folder's stats cost the bot as much as reading the files).
  function requestCheck(): void {
    if (closed || checkTimer !== undefined) return;
    if (checking !== undefined) {
      checkAgain = true;
      return;
    }
    const waitMs = lastCheckAt + CHECK_SPACING_MS - performance.now();
    if (waitMs > 0) {
      checkTimer = setTimeout(() => {
        checkTimer = undefined;
        requestCheck();
      }, waitMs);
      return;
    }
    lastCheckAt = performance.now();
    checking = verifyFolder().finally(() => {
      checking = undefined;
      if (checkAgain) {
        checkAgain = false;
        requestCheck();
      }
    });
    track(checking);
  }

  const ready = attach(false);
  track(ready);

  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      clearTimeout(checkTimer);
      detach();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
