/**
 * Reads a file's lines from the end backwards, one chunk at a time, so the last entries of a
 * large log cost a few reads rather than the whole file.
 */

import { type FileHandle, open } from 'node:fs/promises';

const NEWLINE = 0x0a;
const CHUNK_BYTES = 64 * 1024;
/** A longer line is not an entry the log wrote; skipping it bounds the memory a damaged file can take. */
const MAX_LINE_BYTES = 4 * 1024 * 1024;

/**
 * Lines from the last to the first, without their newlines; stops early when the caller stops
 * iterating. A missing file has no lines. Overlong lines are skipped.
 */
export async function* readLinesBackwards(path: string): AsyncGenerator<string> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (isMissingFile(error)) return;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    // Bytes after the last newline seen so far, in file order: the end of a line whose start is further back.
    let partial: Buffer[] = [];
    let partialBytes = 0;
    let overlong = false;
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - CHUNK_BYTES);
      const chunk = Buffer.alloc(end - start);
      await handle.read(chunk, 0, chunk.length, start);
      end = start;
      // Newlines are single bytes that never occur inside a UTF-8 sequence, so splitting bytes is safe.
      let lineEnd = chunk.length;
      for (
        let index = chunk.lastIndexOf(NEWLINE);
        index !== -1;
        index = chunk.lastIndexOf(NEWLINE, index - 1)
      ) {
        const line = takeLine(chunk.subarray(index + 1, lineEnd), partial, overlong);
        partial = [];
        partialBytes = 0;
        overlong = false;
        if (line !== undefined) yield line;
        lineEnd = index;
        if (index === 0) break;
      }
      const rest = chunk.subarray(0, lineEnd);
      partialBytes += rest.length;
      if (overlong || partialBytes > MAX_LINE_BYTES) {
        overlong = true;
        partial = [];
      } else {
        partial.unshift(rest);
      }
    }
    const first = takeLine(Buffer.alloc(0), partial, overlong);
    if (first !== undefined) yield first;
  } finally {
    await handle.close();
  }
}

function takeLine(head: Buffer, tail: readonly Buffer[], overlong: boolean): string | undefined {
  if (overlong) return undefined;
  return Buffer.concat([head, ...tail]).toString('utf8');
}

function isMissingFile(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
