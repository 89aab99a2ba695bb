/** What the watch engines (native and polling) tell the watch that runs them. */

export type StatusWatchError =
  /** The folder is gone (or is no longer a folder); the watch keeps looking for it and re-attaches. */
  | { readonly kind: 'folder-missing'; readonly folder: string; readonly message: string }
  /** `fs.watch` threw or failed: `auto` mode switches to polling, `native` mode retries. */
  | { readonly kind: 'native-watch-failed'; readonly folder: string; readonly message: string }
  /** Listing the folder failed for another reason (e.g. permission denied); polling goes on. */
  | { readonly kind: 'scan-failed'; readonly folder: string; readonly message: string }
  /** The change callback threw or rejected; the watch goes on. */
  | {
      readonly kind: 'listener-failed';
      readonly folder: string;
      readonly message: string;
      readonly cause: unknown;
    };

export interface WatchEvents {
  /** `name` is a status file name (`online.txt`, `room_<id>.txt`) that changed, appeared or vanished. */
  changed(name: string): void;
  failed(error: StatusWatchError): void;
}

export interface WatchEngine {
  /** Resolves once the engine watches (or has found the folder missing): later changes are reported. */
  readonly ready: Promise<void>;
  /** Resolves once no callback of this engine can run any more. */
  close(): Promise<void>;
}

export function folderMissing(folder: string): StatusWatchError {
  return { kind: 'folder-missing', folder, message: `the status folder ${folder} does not exist` };
}
