import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Temp files start with a dot and end in `.tmp`, so a reader globbing `room_*.txt` or opening
 * `online.txt` never meets one.
 */
export const TEMP_FILE_NAME = /^\..+\.[0-9a-f]{12}\.tmp$/;

/**
 * Replaces a file in one step: the new content goes to a temp file in the same folder, which is
 * then renamed over the old one, so a reader or a crash sees the old file or the new one, never
 * half of one. `createFolder` makes the folder first; without it a missing folder is an error.
 */
export async function writeFileAtomically(
  path: string,
  content: string,
  options: { createFolder?: boolean } = {},
): Promise<void> {
  const folder = dirname(path);
  if (options.createFolder) await mkdir(folder, { recursive: true });
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
