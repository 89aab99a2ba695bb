/**
 * The polling engine: lists the folder every interval and reports status files whose presence,
 * size, mtime or inode moved. It cannot see a same-size rewrite within one mtime tick; the native
 * engine can, which is why `auto` prefers it.
 */

import { changedNames, type FolderScan, scanStatusFolder } from './folder-scan.ts';
import { folderMissing, type WatchEngine, type WatchEvents } from './watch-events.ts';

const NO_FILES: ReadonlyMap<string, string> = new Map();

export function startPolling(dir: string, intervalMs: number, events: WatchEvents): WatchEngine {
  // undefined until the first successful listing, which is the baseline and reports nothing.
  let previous: ReadonlyMap<string, string> | undefined;
  // Problems are reported once when they start, not once per interval.
  let reportedProblem: 'missing' | 'failed' | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;

  const compare = (scan: FolderScan): void => {
    if (scan.kind === 'failed') {
      if (reportedProblem !== 'failed') {
        events.failed({ kind: 'scan-failed', folder: dir, message: scan.reason });
      }
      reportedProblem = 'failed';
      return;
    }
    if (scan.kind === 'missing' && reportedProblem !== 'missing') events.failed(folderMissing(dir));
    reportedProblem = scan.kind === 'missing' ? 'missing' : undefined;
    // A vanished folder takes its files with it: they are reported as deleted, and the files of
    // a re-created folder as new.
    const current = scan.kind === 'listed' ? scan.stamps : NO_FILES;
    if (previous !== undefined) for (const name of changedNames(previous, current)) events.changed(name);
    previous = current;
  };

  const pollOnce = async (): Promise<void> => {
    const scan = await scanStatusFolder(dir);
    if (closed) return;
    compare(scan);
    timer = setTimeout(poll, intervalMs);
  };

  // A timeout chain rather than setInterval: a slow listing never overlaps the next one.
  const poll = (): void => {
    polling = pollOnce();
  };
  // The first listing is the baseline: the engine is ready once it is taken.
  const ready = pollOnce();
  polling = ready;

  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(timer);
      await polling;
    },
  };
}
