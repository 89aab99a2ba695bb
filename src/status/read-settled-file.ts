/**
 * Reads one status file the server may be rewriting at that very moment. Nothing says the server
 * writes a temp file and renames it, so a read can meet a truncated or half-written file; this
 * module turns that race into "a consistent value" or "unreadable", never an exception.
 */

import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BytesRead, type RawRead, readConsistently } from './consistent-read.ts';
import {
  describeFsError,
  errnoCode,
  type Freshness,
  findFolderProblem,
  freshnessOf,
  MAX_STATUS_FILE_BYTES,
  type MissingFolder,
  type StatusReadOptions,
  type Unreadable,
} from './read-outcomes.ts';

export const DEFAULT_RETRY_DELAY_MS = 25;

// An in-place rewrite truncates the file, then writes it; a large write lands a page (or a
// writer's buffer, a multiple of a page) at a time, and the file's size grows in those steps.
// A just-rewritten file that is empty or ends exactly on such a step may be a writer caught in
// between, and if the writer paused there, both stats agree. Such a read is doubtful and is made
// again after a short delay; when the second read finds the file unchanged, it is taken as it is
// (a room that has just emptied is empty, not unreadable).
const JUST_REWRITTEN_MS = 1000;
const WRITE_STEP_BYTES = 4096;
// Long enough that a writer between truncate and write has moved on, short enough for a reply.
const DOUBTFUL_RETRY_DELAY_MS = 100;

export type Interpretation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

export type SettledFile<T> =
  | ({ readonly status: 'ok'; readonly value: T } & Freshness)
  | { readonly status: 'absent'; readonly path: string }
  | MissingFolder
  | Unreadable;

type Verdict<T> =
  | { readonly kind: 'done'; readonly result: SettledFile<T> }
  | { readonly kind: 'retry'; readonly reason: string; readonly doubtful?: boolean };

// Non-fatal: a stray invalid byte shows as U+FFFD instead of hiding the whole roster. The default
// (ignoreBOM: false) strips a leading UTF-8 BOM, as Windows editors and servers sometimes write one.
const UTF8 = new TextDecoder('utf-8');

/**
 * Reads `dir/fileName` and interprets its UTF-8 text. A doubtful read is made once more after a
 * short delay, and if that one is doubtful too the file is unreadable. Doubtful means: the file
 * changed during the read (size or mtime moved, or fewer bytes than its size), the interpretation
 * failed, or the file was rewritten within the last second and is empty or ends on a write step
 * (then the second read is trusted if the file has not changed since the first).
 */
export async function readSettledFile<T>(
  dir: string,
  fileName: string,
  interpret: (text: string) => Interpretation<T>,
  options: StatusReadOptions = {},
): Promise<SettledFile<T>> {
  const path = join(dir, fileName);
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? MAX_STATUS_FILE_BYTES;
  const readBytes = options.readBytes ?? readConsistently;
  const first = await readBytes(path, maxBytes);
  const firstVerdict = await judge(first, { dir, path, interpret, now });
  if (firstVerdict.kind === 'done') return firstVerdict.result;
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  await sleep(firstVerdict.doubtful ? Math.max(retryDelayMs, DOUBTFUL_RETRY_DELAY_MS) : retryDelayMs);
  const second = await readBytes(path, maxBytes);
  const stable = first.kind === 'bytes' && second.kind === 'bytes' && sameVersion(first, second);
  const secondVerdict = await judge(second, { dir, path, interpret, now }, stable);
  if (secondVerdict.kind === 'done') return secondVerdict.result;
  return { status: 'unreadable', path, reason: secondVerdict.reason };
}

interface ReadContext<T> {
  readonly dir: string;
  readonly path: string;
  readonly interpret: (text: string) => Interpretation<T>;
  readonly now: () => number;
}

async function judge<T>(raw: RawRead, context: ReadContext<T>, stable = false): Promise<Verdict<T>> {
  if (raw.kind === 'failed') {
    return { kind: 'done', result: await describeFailure(context.dir, context.path, raw.error) };
  }
  if (raw.kind === 'changed-while-read') {
    return { kind: 'retry', reason: 'the file kept changing while it was read' };
  }
  if (raw.kind === 'too-large') {
    // Not retried: no rewrite in progress makes a status file this large.
    const reason = `it is ${describeSize(raw.size)}, more than the ${describeSize(raw.maxBytes)} a status file may have`;
    return { kind: 'done', result: { status: 'unreadable', path: context.path, reason } };
  }
  const freshness = freshnessOf(raw.mtimeMs, context.now());
  if (!stable && mayBeMidWrite(raw, freshness)) {
    return {
      kind: 'retry',
      reason: 'the file was rewritten moments ago and looks half-written',
      doubtful: true,
    };
  }
  const interpretation = context.interpret(UTF8.decode(raw.bytes));
  if (!interpretation.ok) return { kind: 'retry', reason: interpretation.reason };
  return { kind: 'done', result: { status: 'ok', value: interpretation.value, ...freshness } };
}

function mayBeMidWrite(raw: BytesRead, freshness: Freshness): boolean {
  return freshness.ageMs < JUST_REWRITTEN_MS && raw.bytes.length % WRITE_STEP_BYTES === 0;
}

function sameVersion(first: BytesRead, second: BytesRead): boolean {
  return first.mtimeMs === second.mtimeMs && first.bytes.length === second.bytes.length;
}

function describeSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB` : `${bytes} bytes`;
}

async function describeFailure(dir: string, path: string, error: unknown): Promise<SettledFile<never>> {
  const code = errnoCode(error);
  if (code === 'ENOENT') return (await findFolderProblem(dir)) ?? { status: 'absent', path };
  if (code === 'ENOTDIR') return { status: 'no-folder', folder: dir, reason: 'not-a-folder' };
  return { status: 'unreadable', path, reason: describeFsError(error) };
}
