import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `condition` every few ms; fails with `what` if it stays false for `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

interface Settles {
  settled(): Promise<void>;
}

/**
 * Waits until `condition` holds once the engine has evaluated what it saw and delivered what
 * that implied: after this, the posts a state implies have all been made.
 */
export async function whenSettled(
  engine: Settles,
  what: string,
  condition: () => boolean,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    await engine.settled();
    if (condition()) return;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
