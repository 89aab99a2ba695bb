/**
 * A timeout chain that runs `run` again `delayMs()` after each run has finished: a slow run never
 * overlaps the next, as setInterval's would.
 */

export interface Repeating {
  /** Resolves once no run is in progress and none will start. */
  stop(): Promise<void>;
}

export interface RepeatOptions {
  /** The wait before the next run, asked anew each time. */
  readonly delayMs: () => number;
  /** Never rejects (the feed's runs report their own failures). */
  readonly run: () => Promise<void>;
  /** Whether the waiting timer keeps the process alive. */
  readonly keepsProcessAlive: boolean;
}

export function repeat(options: RepeatOptions): Repeating {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = options.run().finally(() => {
        running = undefined;
        schedule();
      });
    }, options.delayMs());
    if (!options.keepsProcessAlive) timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
