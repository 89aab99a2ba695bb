/** The highest RSS and heap seen while it runs, sampled often enough to catch a collection's peak. */
export interface PeakMemory {
  stop(): { rssMb: number; heapUsedMb: number; samples: number };
}

const MB = 1024 * 1024;

/**
 * The RSS alone is cheap to read; the heap's figures cost more (measured: memoryUsage() every 20 ms
 * was 0.01 ms per room change of the bot's CPU time), so they are read less often.
 */
export function samplePeakMemory(everyMs = 25, heapEvery = 10): PeakMemory {
  let rss = 0;
  let heapUsed = 0;
  let samples = 0;
  const sample = () => {
    rss = Math.max(rss, process.memoryUsage.rss());
    if (samples % heapEvery === 0) heapUsed = Math.max(heapUsed, process.memoryUsage().heapUsed);
    samples += 1;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rssMb: rss / MB, heapUsedMb: heapUsed / MB, samples };
    },
  };
}
