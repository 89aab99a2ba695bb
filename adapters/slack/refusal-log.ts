import type { Log } from './adapter-log.ts';

/**
 * The HTTP front's refusals in the log, without letting a flood of them flood the log: the first
 * refusal of a kind (its status and its reason, numbers aside) is logged whole; more of that kind
 * within the minute after it are counted and told in one line when the minute ends, and so on
 * each minute while they go on. A kind that stops is logged whole again the next time.
 */
export interface RefusalLog {
  refused(status: number, reason: string): void;
  /** Tells what is counted and not told yet; nothing is logged after this. */
  close(): void;
}

interface Window {
  /** The first refusal's status and reason. */
  readonly first: string;
  more: number;
  readonly timer: NodeJS.Timeout;
}

export const REFUSAL_LOG_WINDOW_MS = 60_000;

export function createRefusalLog(log: Log, path: string, windowMs = REFUSAL_LOG_WINDOW_MS): RefusalLog {
  const windows = new Map<string, Window>();
  let closed = false;

  const summary = (window: Window): string =>
    `Slack: refused ${window.more} more ${window.more === 1 ? 'request' : 'requests'} to ${path} like this one in ${describeWindow(windowMs)} (${window.first}); one line a minute while they go on.`;

  const open = (kind: string, first: string): void => {
    const window: Window = {
      first,
      more: 0,
      timer: setTimeout(() => {
        windows.delete(kind);
        if (window.more === 0) return;
        log(summary(window));
        open(kind, first);
      }, windowMs).unref(),
    };
    windows.set(kind, window);
  };

  return {
    refused(status, reason) {
      if (closed) return;
      const kind = `${status} ${reason.replace(/[0-9]+/g, '#')}`;
      const window = windows.get(kind);
      if (window !== undefined) {
        window.more += 1;
        return;
      }
      log(`Slack: refused a request to ${path} (${status}): ${reason}.`);
      open(kind, `${status}: ${reason}`);
    },
    close() {
      closed = true;
      for (const window of windows.values()) {
        clearTimeout(window.timer);
        if (window.more > 0) log(summary(window));
      }
      windows.clear();
    },
  };
}

function describeWindow(ms: number): string {
  return ms === 60_000 ? 'the last minute' : `the last ${ms} ms`;
}
