/**
 * Appends whole lines to a file, one batch at a time (see batched-writes.ts), so lines from
 * concurrent callers never interleave. The file is opened in append mode for each batch and
 * never truncated; opening it each time means a removed folder is noticed (an open descriptor
 * would write into a deleted file) and a log rotated by renaming is followed. One open, write and
 * close per batch window instead of per line: three thread-pool round trips each.
 */

import { appendFile } from 'node:fs';
import { open } from 'node:fs/promises';
import { type BatchedItem, createBatchedWrites, DEFAULT_BATCH_WINDOW_MS } from './batched-writes.ts';

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

/** `endsMidLine`: the file's last line has no newline yet (a crash mid-write), so the first batch starts a new one. */
export function createLineAppender(
  path: string,
  endsMidLine: boolean,
  batchWindowMs = DEFAULT_BATCH_WINDOW_MS,
): LineAppender {
  // A failed write may have left part of a line behind; the next batch starts on a fresh line.
  let mayEndMidLine = endsMidLine;
  const writes = createBatchedWrites<() => string>(async (batch) => {
    const lines: string[] = [];
    const written: BatchedItem<() => string>[] = [];
    for (const entry of batch) {
      try {
        lines.push(entry.item());
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
  }, batchWindowMs);
  return { append: (render) => writes.add(render), idle: () => writes.idle() };
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
