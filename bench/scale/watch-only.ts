import type { WatchOnlyAnswer, WatchOnlyRequest } from '../processes/watch-only-child.ts';
import { startSideProcess } from '../side-process.ts';

/** Watching the folder alone (bench/processes/watch-only-child.ts), from start() until stop(). */
export async function watchOnly(
  folder: string,
): Promise<{ stop(): Promise<{ events: number; cpuMs: number }> }> {
  const child = await startSideProcess<unknown, WatchOnlyRequest, WatchOnlyAnswer>('watch-only-child');
  try {
    await child.ask({ kind: 'watch', folder });
  } catch (error) {
    await child.close();
    throw error;
  }
  return {
    stop: async () => {
      try {
        const answer = await child.ask({ kind: 'stop' });
        if (answer.kind !== 'stop') throw new Error(`bench: the watcher answered ${answer.kind} to stop`);
        return { events: answer.events, cpuMs: answer.cpuMs };
      } finally {
        await child.close();
      }
    },
  };
}
