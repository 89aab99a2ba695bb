import { readdir, readFile, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * Where this process's CPU goes over the measured window, when `BENCH_SCALE_PROFILE` names a
 * folder: a CPU profile of the main thread, `<name>.cpuprofile` (open it in Chrome's DevTools),
 * and each thread's user and system time from /proc, `<name>.threads.txt`. The profiler costs
 * about 0.1 ms a room change and time on every thread, so a profiled run's CPU figure is not the
 * benchmark's: `BENCH_SCALE_CPU_PROFILE=off` leaves the profiler out and writes the threads only.
 */
export async function profileWindow(name: string): Promise<{ stop(): Promise<void> }> {
  const folder = process.env.BENCH_SCALE_PROFILE;
  if (folder === undefined || folder === '') return { stop: async () => undefined };
  const session = process.env.BENCH_SCALE_CPU_PROFILE === 'off' ? undefined : new Session();
  session?.connect();
  await session?.post('Profiler.enable');
  await session?.post('Profiler.start');
  const threadsBefore = await threadTimes();
  return {
    stop: async () => {
      const threadsAfter = await threadTimes();
      if (session !== undefined) {
        const { profile } = await session.post('Profiler.stop');
        session.disconnect();
        await writeFile(join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
      }
      await writeFile(join(folder, `${name}.threads.txt`), describeThreads(threadsBefore, threadsAfter));
    },
  };
}

interface ThreadTime {
  readonly name: string;
  readonly userTicks: number;
  readonly systemTicks: number;
}

/** /proc/self/task/<tid>/stat: the name in parentheses, then utime and stime as fields 14 and 15. */
async function threadTimes(): Promise<Map<string, ThreadTime>> {
  const times = new Map<string, ThreadTime>();
  for (const tid of await readdir('/proc/self/task').catch(() => [])) {
    const stat = await readFile(`/proc/self/task/${tid}/stat`, 'utf8').catch(() => undefined);
    if (stat === undefined) continue;
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    times.set(tid, {
      name: stat.slice(stat.indexOf('(') + 1, close),
      userTicks: Number(fields[11]),
      systemTicks: Number(fields[12]),
    });
  }
  return times;
}

/** Clock ticks are 10 ms on Linux (USER_HZ 100). */
function describeThreads(before: Map<string, ThreadTime>, after: Map<string, ThreadTime>): string {
  const rows = [...after].map(([tid, time]) => {
    const start = before.get(tid);
    const user = (time.userTicks - (start?.userTicks ?? 0)) * 10;
    const system = (time.systemTicks - (start?.systemTicks ?? 0)) * 10;
    return { line: `${tid}\t${time.name}\tuser ${user} ms\tsystem ${system} ms`, total: user + system };
  });
  return `${rows
    .filter((row) => row.total > 0)
    .sort((a, b) => b.total - a.total)
    .map((row) => row.line)
    .join('\n')}\n`;
}
