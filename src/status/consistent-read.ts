/**
 * One consistent read of a file's bytes: what it held at one moment, or that it changed while it
 * was read (a writer rewriting it in place), was too large, or could not be read. Judging the
 * bytes (half-written? parseable?) is read-settled-file.ts's; this only reads.
 */

import { close, fstat, open, read, type Stats } from 'node:fs';

export type BytesRead = { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly mtimeMs: number };

export type RawRead =
  | BytesRead
  | { readonly kind: 'changed-while-read' }
  | { readonly kind: 'too-large'; readonly size: number; readonly maxBytes: number }
  | { readonly kind: 'failed'; readonly error: unknown };

/** Reads `path` whole, refusing (unread) a file larger than `maxBytes`. Never rejects. */
export type ConsistentRead = (path: string, maxBytes: number) => Promise<RawRead>;

/**
 * One open, two fstats, and reads into one buffer of the size fstat gave and one byte more (to
 * see a file that grew): no per-line system calls whatever the file's size, and never more than
 * `maxBytes + 1` bytes in memory, however the file grows during the read or whatever it links to.
 * Through fs's callbacks, not a FileHandle: a status file is read at every change, and on a busy
 * server (300 room files rewritten a second) the FileHandle's promises cost twice the reading.
 */
export async function readConsistently(path: string, maxBytes: number): Promise<RawRead> {
  let fd: number;
  try {
    fd = await call<number>((done) => open(path, 'r', done));
  } catch (error) {
    return { kind: 'failed', error };
  }
  try {
    const before = await call<Stats>((done) => fstat(fd, done));
    if (before.size > maxBytes) return { kind: 'too-large', size: before.size, maxBytes };
    const bytes = await readAtMost(fd, before.size + 1);
    const after = await call<Stats>((done) => fstat(fd, done));
    // fstat on our descriptor, not stat on the path: a writer that replaces the file by rename
    // cannot tear our read of the old inode, only one that rewrites in place can.
    const settled =
      before.size === after.size && before.mtimeMs === after.mtimeMs && bytes.length === after.size;
    return settled ? { kind: 'bytes', bytes, mtimeMs: after.mtimeMs } : { kind: 'changed-while-read' };
  } catch (error) {
    return { kind: 'failed', error };
  } finally {
    // Closing a read-only descriptor has nothing to flush; a failure here must not undo a good read.
    await call<void>((done) => close(fd, done)).catch(() => undefined);
  }
}

/**
 * Reads from the start until `limit` bytes or the end of the file, whichever comes first. A read
 * that returns less than asked is taken as the end (as it is for a file): should it not be, the
 * bytes fall short of the size the second fstat gives, and the read counts as changed-while-read.
 */
async function readAtMost(fd: number, limit: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(limit);
  let filled = 0;
  while (filled < limit) {
    const asked = limit - filled;
    const bytesRead = await call<number>((done) => read(fd, buffer, filled, asked, filled, done));
    filled += bytesRead;
    if (bytesRead < asked) break;
  }
  return buffer.subarray(0, filled);
}

/** A callback-style fs call as a promise. */
function call<T>(start: (done: (error: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    start((error, value) => (error === null ? resolve(value) : reject(error)));
  });
}
