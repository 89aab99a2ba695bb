/**
 * The status feed of one group's status files: one watch of the folder (debounced, with the
 * watch's polling fallback) notices the changes, and the files it names are read again.
 */

import { readConsistently } from './consistent-read.ts';
import type { StatusReadOptions } from './read-outcomes.ts';
import { type ReadWorker, startReadWorker } from './read-worker.ts';
import type { ChangeNotices, FeedSource, StatusFeedError } from './source-status-feed.ts';
import { SourceStatusFeed } from './source-status-feed.ts';
import type { ChangedStatus } from './status-feed.ts';
import { ONLINE_FILE_NAME, roomIdFromFileName } from './status-file-names.ts';
import { StatusFilesReader } from './status-files-reader.ts';
import type { Reachability } from './status-snapshot.ts';
import { type StatusFolderWatch, type StatusWatchMode, watchStatusFolder } from './watch.ts';

export interface FilesStatusFeedOptions {
  /** The server followed; today the chat group, whose folder this is. */
  readonly server: string;
  /** `<dataDir>/<group>`. */
  readonly folder: string;
  readonly watch?: {
    readonly debounceMs?: number;
    readonly mode?: StatusWatchMode;
    readonly pollIntervalMs?: number;
  };
  readonly reads?: StatusReadOptions;
  /** How the server's reachability is learnt (a TCP connect to the Server API port in production). */
  readonly probe?: () => Promise<Reachability>;
  /** The watch's troubles (folder missing, fs.watch failed), a listener that failed, a failed read. */
  readonly onError?: (error: StatusFeedError) => void;
}

export class FilesStatusFeed extends SourceStatusFeed {
  readonly #source: FilesFeedSource;

  constructor(options: FilesStatusFeedOptions) {
    const source = new FilesFeedSource(options);
    super({ server: options.server, source, probe: options.probe, onError: options.onError });
    this.#source = source;
  }

  /** The watch engine in use (undefined until the first subscription starts the watch). */
  get watchMode(): 'native' | 'poll' | undefined {
    return this.#source.watch?.mode;
  }
}

class FilesFeedSource implements FeedSource {
  readonly kind = 'files';
  readonly location: string;
  readonly #options: FilesStatusFeedOptions;
  readonly #reader: StatusFilesReader;
  /** Reads the files while changes are noticed (read-worker.ts says why). */
  #worker: ReadWorker | undefined;
  watch: StatusFolderWatch | undefined;

  constructor(options: FilesStatusFeedOptions) {
    this.location = options.folder;
    this.#options = options;
    this.#reader = new StatusFilesReader(options.folder, {
      ...options.reads,
      readBytes:
        options.reads?.readBytes ??
        ((path, maxBytes) => (this.#worker?.read ?? readConsistently)(path, maxBytes)),
    });
  }

  notice(
    changed: (names: ReadonlySet<string>) => void,
    report: (error: StatusFeedError) => void,
  ): ChangeNotices {
    const tuning = this.#options.watch;
    const worker = startReadWorker();
    this.#worker = worker;
    const watch = watchStatusFolder(
      this.#options.folder,
      {
        debounceMs: tuning?.debounceMs,
        mode: tuning?.mode,
        pollIntervalMs: tuning?.pollIntervalMs,
        onError: report,
      },
      changed,
    );
    this.watch = watch;
    return {
      ready: watch.ready,
      close: async () => {
        await watch.close();
        await worker.close();
      },
    };
  }

  readAll(): Promise<void> {
    return this.#reader.readAll();
  }

  async readChanged(names: ReadonlySet<string>): Promise<ChangedStatus> {
    await this.#reader.read(names);
    return changedOf(names);
  }

  readAge(): Promise<void> {
    return this.#reader.readOnline();
  }

  view() {
    return this.#reader.view();
  }
}

function changedOf(names: ReadonlySet<string>): ChangedStatus {
  const rooms: number[] = [];
  for (const name of names) {
    const id = roomIdFromFileName(name);
    if (id !== undefined) rooms.push(id);
  }
  return { online: names.has(ONLINE_FILE_NAME), rooms };
}
