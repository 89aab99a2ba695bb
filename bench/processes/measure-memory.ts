import { getHeapSpaceStatistics } from 'node:v8';

/**
 * Answers a "measure" message from the bench with this process's memory, after a forced garbage
 * collection when the process runs with --expose-gc (the bench starts it so), and exits when the
 * bench goes away.
 */
export function answerMemoryRequests(): void {
  // The bench's children end with it, whatever becomes of it.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message) => {
    if (message !== 'measure') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    // A second pass, once finalizers the first one queued have run.
    setTimeout(() => {
      gc?.();
      const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
      process.send?.({
        memory: process.memoryUsage(),
        forcedGc: gc !== undefined,
        newSpaceMb: (newSpace?.space_size ?? 0) / 1024 / 1024,
      });
    }, 200);
  });
}
