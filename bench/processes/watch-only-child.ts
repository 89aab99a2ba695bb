import { watch } from 'node:fs';

/**
 * A reference of the scale figures (forked by bench/scale/watch-only.ts): a process that only
 * watches the status folder with fs.watch, as the bot does, and reads nothing. Its CPU time per
 * room change is the least a bot that learns of changes from the kernel pays before any work.
 */
export type WatchOnlyRequest = { id: number; kind: 'watch'; folder: string } | { id: number; kind: 'stop' };

export type WatchOnlyAnswer =
  | { id: number; kind: 'watch' }
  | { id: number; kind: 'stop'; events: number; cpuMs: number };

let events = 0;
let cpuBefore: NodeJS.CpuUsage | undefined;
let watcher: ReturnType<typeof watch> | undefined;

process.on('message', (message: WatchOnlyRequest) => {
  if (message.kind === 'watch') {
    watcher = watch(message.folder, () => {
      events += 1;
    });
    cpuBefore = process.cpuUsage();
    process.send?.({ id: message.id, kind: 'watch' } satisfies WatchOnlyAnswer);
    return;
  }
  const cpu = process.cpuUsage(cpuBefore);
  watcher?.close();
  process.send?.({
    id: message.id,
    kind: 'stop',
    events,
    cpuMs: (cpu.user + cpu.system) / 1000,
  } satisfies WatchOnlyAnswer);
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
