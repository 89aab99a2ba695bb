/**
 * Result shapes every status-file reader shares, so that `/chat status`, `/chat who` and the
 * occupancy alerts can switch on `status` the same way whatever they read.
 */

import { stat } from 'node:fs/promises';
import type { ConsistentRead } from './consistent-read.ts';

/** The group's data folder is not there (the server is not installed there, or the group never ran). */
export interface MissingFolder {
  readonly status: 'no-folder';
  readonly folder: string;
  readonly reason: 'missing' | 'not-a-folder';
}

/** The file exists but could not be read into a trustworthy value; `reason` is a sentence for moderators. */
export interface Unreadable {
  readonly status: 'unreadable';
  readonly path: string;
  readonly reason: string;
}

/**
 * When the server last rewrote a file. The server rewrites a file only when the chat changes,
 * so an old file is either a quiet chat or a stopped server: callers choose the threshold.
 */
export interface Freshness {
  readonly modifiedAt: Date;
  /** Milliseconds between the last rewrite and the read, never negative (clock skew on shared folders). */
  readonly ageMs: number;
}

/**
 * The largest status file read. 16 MB is a roster of over 250,000 names of 64 ASCII characters,
 * far more than a room holds: a bigger file is not one the server wrote for a chat (a stray file,
 * a link to something else, a fault), and reading it whole would only cost memory.
 */
export const MAX_STATUS_FILE_BYTES = 16 * 1024 * 1024;

export interface StatusReadOptions {
  /** How long to wait before the one re-read of a file caught mid-rewrite. Default 25 ms. */
  readonly retryDelayMs?: number;
  /** Clock for `ageMs`; tests pin it. Default `Date.now`. */
  readonly now?: () => number;
  /** A file larger than this reads as unreadable, unread. Default MAX_STATUS_FILE_BYTES. */
  readonly maxBytes?: number;
  /** How a file's bytes are read; default in this thread (consistent-read.ts), the feed's in a worker (read-worker.ts). */
  readonly readBytes?: ConsistentRead;
}

export function freshnessOf(mtimeMs: number, nowMs: number): Freshness {
  const modifiedAt = new Date(mtimeMs);
  return { modifiedAt, ageMs: Math.max(0, Math.round(nowMs - modifiedAt.getTime())) };
}

export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

const FS_ERROR_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  EMFILE: 'too many files are open in this process',
  ENFILE: 'too many files are open on this system',
  EIO: 'an input/output error',
};

export function describeFsError(error: unknown): string {
  const code = errnoCode(error);
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  return FS_ERROR_REASONS[code] ?? `the file system answered ${code}`;
}

/** What keeps `dir` from being read as a folder, or undefined when it is one. */
export async function findFolderProblem(dir: string): Promise<MissingFolder | Unreadable | undefined> {
  try {
    const stats = await stat(dir);
    return stats.isDirectory() ? undefined : { status: 'no-folder', folder: dir, reason: 'not-a-folder' };
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') return { status: 'no-folder', folder: dir, reason: 'missing' };
    if (code === 'ENOTDIR') return { status: 'no-folder', folder: dir, reason: 'not-a-folder' };
    return { status: 'unreadable', path: dir, reason: describeFsError(error) };
  }
}
