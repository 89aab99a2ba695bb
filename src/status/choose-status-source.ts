/**
 * Which source a server's status is read from, decided once at start: `files` and `dataApi` as
 * configured; `auto` takes the status files when their folder is there and readable (the bot runs
 * on the chat server's machine, or on a share of its disk), else the Data API. The reason is
 * logged, so an admin knows why the bot reads what it reads.
 */

import { findFolderProblem } from './read-outcomes.ts';
import type { StatusSourceKind } from './status-source.ts';

export interface StatusSourceChoice {
  readonly kind: StatusSourceKind;
  /** One sentence for the start-up log. */
  readonly why: string;
}

export interface StatusSourceSettings {
  readonly statusSource: StatusSourceKind | 'auto';
  /** `<dataDir>/<group>`. */
  readonly statusFolder: string;
  /** `host:port/path` of the Data API, or undefined when there is none. */
  readonly dataApi: string | undefined;
}

export async function chooseStatusSource(settings: StatusSourceSettings): Promise<StatusSourceChoice> {
  const { statusFolder, dataApi } = settings;
  if (settings.statusSource === 'files') {
    return { kind: 'files', why: `status files from ${statusFolder} (server.statusSource: files)` };
  }
  if (settings.statusSource === 'dataApi') {
    return { kind: 'dataApi', why: `the Data API at ${dataApi} (server.statusSource: dataApi)` };
  }
  const problem = await findFolderProblem(statusFolder);
  if (problem === undefined) {
    return {
      kind: 'files',
      why: `status files from ${statusFolder} (auto: the folder is there and readable)`,
    };
  }
  const missing =
    problem.status === 'unreadable'
      ? `${statusFolder} cannot be read (${problem.reason})`
      : `${statusFolder} ${problem.reason === 'missing' ? 'does not exist' : 'is not a folder'}`;
  if (dataApi === undefined) {
    return {
      kind: 'files',
      why: `status files from ${statusFolder} (auto: ${missing}, and no Data API is configured; set FLASHCHAT_DATA_DIR or FLASHCHAT_DATA_API_URL)`,
    };
  }
  return { kind: 'dataApi', why: `the Data API at ${dataApi} (auto: ${missing})` };
}
