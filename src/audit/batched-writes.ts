/**
 * Writes that go together: items given while a batch is being written, or soon after one, wait
 * and go in the next, one at a time, in the order given. A batch starts at most once per
 * `windowMs`: an item after a quiet spell goes at once, the items that follow it within the
 * window wait for its end and go together. One write per window instead of per command is what
 * keeps the audit off the command path's costs; `idle()` writes what waits without waiting.
 */

export interface BatchedItem<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export interface BatchedWrites<T> {
  /** Resolves or rejects as the write of its batch settles it. */
  add(item: T): Promise<void>;
  /** Resolves once every item given so far is written or has failed. */
  idle(): Promise<void>;
}

export const DEFAULT_BATCH_WINDOW_MS = 20;

/** `write` settles every item of its batch; should it throw, the items it left are rejected with that. */
export function createBatchedWrites<T>(
  write: (batch: readonly BatchedItem<T>[]) => Promise<void>,
  windowMs = DEFAULT_BATCH_WINDOW_MS,
): BatchedWrites<T> {
  let pending: BatchedItem<T>[] = [];
  let draining: Promise<void> | undefined;
  let waiting: NodeJS.Timeout | undefined;
  let lastBatchAt = Number.NEGATIVE_INFINITY;

  const writeNext = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    lastBatchAt = performance.now();
    try {
      await write(batch);
    } catch (error) {
      // Settling twice is harmless: an item the write settled keeps its outcome.
      for (const entry of batch) entry.reject(error);
    }
    draining = undefined;
    // Items that came during the write wait for the rest of the window, then go together.
    if (pending.length > 0) schedule();
  };

  const startDraining = (): Promise<void> => {
    clearTimeout(waiting);
    waiting = undefined;
    draining ??= writeNext();
    return draining;
  };

  function schedule(): void {
    if (draining !== undefined || waiting !== undefined) return;
    const waitMs = lastBatchAt + windowMs - performance.now();
    if (waitMs <= 0) void startDraining();
    else waiting = setTimeout(startDraining, waitMs);
  }

  return {
    add: (item) =>
      new Promise<void>((resolve, reject) => {
        pending.push({ item, resolve, reject });
        schedule();
      }),
    idle: async () => {
      while (pending.length > 0 || draining !== undefined) await (draining ?? startDraining());
    },
  };
}
