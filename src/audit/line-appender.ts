/**
 * Appends whole lines to a file, one batch at a time, so lines from concurrent callers never
 * interleave. The file is opened in append mode for each batch and never truncated; opening it
 * each time means a removed folder is noticed (an open descriptor would write into a deleted
 * file) and a log rotated by renaming is followed.
 *
 * Batches start at most once per `batchWindowMs`: a line after a quiet spell is written at once,
 * lines that follow it within the window wait for its end and go in one write. One open, write
 * and close per window instead of per command is what keeps the audit off the command path's
 * costs (three thread-pool round trips each); `idle()` writes what waits without waiting.
 */

import { appendFile } from 'node:fs';
import { open } from 'node:fs/promises';

export interface LineAppender {
  /**
   * Resolves once the line is in the file; rejects with the write's error, or with what `render`
   * threw (that line alone is left out). `render` gives the line, ending in a newline; it is called
   * when the line's batch is written, so the work of making it is off the caller's path.
   */
  append(render: () => string): Promise<void>;
  /** Resolves once every line given so far is written or has failed. */
  idle(): Promise<void>;
}

interface PendingLine {
  readonly render: () => string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export const DEFAULT_BATCH_WINDOW_MS = 20;

/** `endsMidLine`: the file's last line has no newline yet (a crash mid-write), so the first batch starts a new one. */
export function createLineAppender(
  path: string,
  endsMidLine: boolean,
  batchWindowMs = DEFAULT_BATCH_WINDOW_MS,
): LineAppender {
  let pending: PendingLine[] = [];
  let draining: Promise<void> | undefined;
  let waiting: NodeJS.Timeout | undefined;
  let lastBatchAt = Number.NEGATIVE_INFINITY;
  // A failed write may have left part of a line behind; the next batch starts on a fresh line.
  let mayEndMidLine = endsMidLine;

  const writeBatch = async (batch: readonly PendingLine[]): Promise<void> => {
    const lines: string[] = [];
    const written: PendingLine[] = [];
    for (const entry of batch) {
      try {
        lines.push(entry.render());
        written.push(entry);
      } catch (error) {
        entry.reject(error);
      }
    }
    if (written.length === 0) return;
    const text = lines.join('');
    try {
      await appendText(path, mayEndMidLine ? `\n${text}` : text);
      mayEndMidLine = false;
      for (const entry of written) entry.resolve();
    } catch (error) {
      mayEndMidLine = true;
      for (const entry of written) entry.reject(error);
    }
  };

  const writeNext = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    lastBatchAt = performance.now();
    await writeBatch(batch);
    draining = undefined;
    // Lines that came during the write wait for the rest of the window, then go together.
    if (pending.length > 0) schedule();
  };

  const startDraining = (): Promise<void> => {
    clearTimeout(waiting);
    waiting = undefined;
    draining ??= writeNext();
    return draining;
  };

  function schedule(): void {
    if (draining !== undefined || waiting !== undefined) return;
    const waitMs = lastBatchAt + batchWindowMs - performance.now();
    if (waitMs <= 0) void startDraining();
    else waiting = setTimeout(startDraining, waitMs);
  }

  return {
    append: (render) =>
      new Promise<void>((resolve, reject) => {
        pending.push({ render, resolve, reject });
        schedule();
      }),
    idle: async () => {
      while (pending.length > 0 || draining !== undefined) await (draining ?? startDraining());
    },
  };
}

/**
 * fs.appendFile with callbacks: the same open, write and close, for about half the JavaScript
 * time of the promise version (its FileHandle), which every command pays for its audit line.
 */
function appendText(path: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    appendFile(path, text, { encoding: 'utf8', flag: 'a' }, (error) => (error ? reject(error) : resolve()));
  });
}

/** True when the file is not empty and its last byte is not a newline. */
export async function fileEndsMidLine(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}
