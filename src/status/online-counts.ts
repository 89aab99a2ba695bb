/**
 * `online.txt`: one line `connections|logged-in users|rooms`, e.g. `230|199|10` (vendor manual,
 * "Get numbers").
 */

import { z } from 'zod';
import type { Freshness, MissingFolder, StatusReadOptions, Unreadable } from './read-outcomes.ts';
import { type Interpretation, readSettledFile } from './read-settled-file.ts';
import { ONLINE_FILE_NAME } from './status-file-names.ts';

const count = z
  .string()
  .regex(/^[0-9]+$/)
  .transform(Number)
  .refine(Number.isSafeInteger);

const onlineLine = z
  .string()
  .trim()
  .transform((line) => line.split('|'))
  .pipe(z.tuple([count, count, count]))
  .transform(([connections, loggedIn, rooms]) => ({ connections, loggedIn, rooms }));

export type OnlineCounts = z.infer<typeof onlineLine>;

export type OnlineCountsResult =
  | ({ readonly status: 'ok'; readonly counts: OnlineCounts } & Freshness)
  /** The folder exists but holds no `online.txt`: the group has not run since the folder was made. */
  | { readonly status: 'absent'; readonly path: string }
  | MissingFolder
  | Unreadable;

const SHOWN_CONTENT_CHARS = 40;

/** Parses the text of `online.txt`. A torn rewrite such as `230|1` fails here, which earns a re-read. */
export function parseOnlineCounts(text: string): Interpretation<OnlineCounts> {
  const parsed = onlineLine.safeParse(text);
  if (parsed.success) return { ok: true, value: parsed.data };
  const shown = JSON.stringify(text.slice(0, SHOWN_CONTENT_CHARS));
  return {
    ok: false,
    reason: `${ONLINE_FILE_NAME} does not hold three whole numbers separated by '|' (it holds ${shown})`,
  };
}

/** Reads the group folder's connection, logged-in user and room counts. Never throws. */
export async function readOnlineCounts(
  dir: string,
  options?: StatusReadOptions,
): Promise<OnlineCountsResult> {
  const file = await readSettledFile(dir, ONLINE_FILE_NAME, parseOnlineCounts, options);
  if (file.status !== 'ok') return file;
  return { status: 'ok', counts: file.value, modifiedAt: file.modifiedAt, ageMs: file.ageMs };
}
