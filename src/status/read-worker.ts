/**
 * The status feed's reads of the status files, in a worker thread with synchronous system calls:
 * each read in the event loop's thread takes five calls through libuv's thread pool (open, fstat,
 * read, fstat, close), a promise each, and on a busy server (300 room files rewritten a second)
 * that was most of the bot's CPU time, several times the reading itself. Here the reads asked for
 * together (a change's batch) go to the worker in one message and come back in one, and a slow
 * or hung share blocks the worker, never the bot's event loop.
 *
 * The worker only reads, as consistent-read.ts does; judging what it read stays with the caller.
 * Should the worker fail, or once it is closed, reads are made in this thread instead.
 */

import { Worker } from 'node:worker_threads';
import { type ConsistentRead, type RawRead, readConsistently } from './consistent-read.ts';

export interface ReadWorker {
  readonly read: ConsistentRead;
  /** Stops the worker; reads still waiting, and any after, are made in this thread. */
  close(): Promise<void>;
}

/** What the worker sends back for one file: a RawRead, its failure as plain data. */
type WorkerRead =
  | Exclude<RawRead, { kind: 'failed' }>
  | { readonly kind: 'failed'; readonly code: string | undefined; readonly message: string };

interface Asked {
  readonly path: string;
  readonly maxBytes: number;
  readonly resolve: (read: RawRead) => void;
}

// Plain JavaScript run as the worker's script (no loader, no bundle): the same steps as
// consistent-read.ts's readConsistently, with the synchronous calls.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
function failed(error) {
  const code = error !== null && typeof error === 'object' && typeof error.code === 'string' ? error.code : undefined;
  return { kind: 'failed', code, message: error instanceof Error ? error.message : String(error) };
}
function readOne(path, maxBytes) {
  let fd;
  try { fd = fs.openSync(path, 'r'); } catch (error) { return failed(error); }
  try {
    const before = fs.fstatSync(fd);
    if (before.size > maxBytes) return { kind: 'too-large', size: before.size, maxBytes };
    const limit = before.size + 1;
    const buffer = new Uint8Array(limit);
    let filled = 0;
    while (filled < limit) {
      const asked = limit - filled;
      const bytesRead = fs.readSync(fd, buffer, filled, asked, filled);
      filled += bytesRead;
      if (bytesRead < asked) break;
    }
    const after = fs.fstatSync(fd);
    const settled = before.size === after.size && before.mtimeMs === after.mtimeMs && filled === after.size;
    return settled ? { kind: 'bytes', bytes: buffer.subarray(0, filled), mtimeMs: after.mtimeMs } : { kind: 'changed-while-read' };
  } catch (error) {
    return failed(error);
  } finally {
    try { fs.closeSync(fd); } catch {}
  }
}
parentPort.on('message', ({ id, files }) => {
  const reads = files.map(([path, maxBytes]) => readOne(path, maxBytes));
  parentPort.postMessage({ id, reads }, reads.flatMap((read) => (read.kind === 'bytes' ? [read.bytes.buffer] : [])));
});
`;

export function startReadWorker(): ReadWorker {
  let worker: Worker | undefined;
  let queued: Asked[] = [];
  const waiting = new Map<number, Asked[]>();
  let nextId = 0;

  /** Reads the worker will not answer are made here: a read is never lost. */
  const readHere = (asked: readonly Asked[]) => {
    for (const { path, maxBytes, resolve } of asked) void readConsistently(path, maxBytes).then(resolve);
  };

  const stopped = () => {
    worker = undefined;
    const unanswered = [...waiting.values()].flat();
    waiting.clear();
    readHere(unanswered);
  };

  try {
    worker = new Worker(WORKER_SOURCE, { eval: true });
    // The feed's close stops it; a forgotten feed must not keep the process alive.
    worker.unref();
    worker.on('message', ({ id, reads }: { id: number; reads: WorkerRead[] }) => {
      const asked = waiting.get(id) ?? [];
      waiting.delete(id);
      for (const [index, { resolve }] of asked.entries()) resolve(rawRead(reads[index]));
    });
    worker.on('error', stopped);
    worker.on('exit', stopped);
  } catch {
    worker = undefined;
  }

  const flush = () => {
    const files = queued;
    queued = [];
    if (worker === undefined) return readHere(files);
    const id = nextId++;
    waiting.set(id, files);
    worker.postMessage({ id, files: files.map(({ path, maxBytes }) => [path, maxBytes]) });
  };

  return {
    read: (path, maxBytes) =>
      new Promise<RawRead>((resolve) => {
        if (worker === undefined) return void readConsistently(path, maxBytes).then(resolve);
        // The reads asked for in one turn (a batch's files, started together) go in one message.
        if (queued.length === 0) queueMicrotask(flush);
        queued.push({ path, maxBytes, resolve });
      }),
    async close() {
      const closing = worker;
      worker = undefined;
      await closing?.terminate();
    },
  };
}

function rawRead(read: WorkerRead | undefined): RawRead {
  if (read === undefined) return { kind: 'failed', error: new Error('the reading thread gave no answer') };
  if (read.kind !== 'failed') return read;
  return { kind: 'failed', error: Object.assign(new Error(read.message), { code: read.code }) };
}
