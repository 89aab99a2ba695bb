/**
 * Collects changed file names into windows of `windowMs`, counted from the first change of the
 * window. Not a reset-on-every-event debounce: a busy server rewrites `online.txt` constantly,
 * and a debounce that restarts on each change would never fire.
 */

export interface ChangeBatch {
  add(name: string): void;
  /** Drops what is pending; nothing is flushed after this. */
  close(): void;
}

export function createChangeBatch(
  windowMs: number,
  flush: (names: ReadonlySet<string>) => void,
): ChangeBatch {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const flushPending = (): void => {
    timer = undefined;
    const names = pending;
    pending = new Set();
    flush(names);
  };

  return {
    add(name) {
      if (closed) return;
      pending.add(name);
      timer ??= setTimeout(flushPending, windowMs);
    },
    close() {
      closed = true;
      clearTimeout(timer);
      pending = new Set();
    },
  };
}
