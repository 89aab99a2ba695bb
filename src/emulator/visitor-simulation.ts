import type { EmulatorState } from './chat-state.ts';
import { createPrng } from './prng.ts';
import { applyVisitorEvent, nextVisitorEvent, sceneOf } from './visitors.ts';

export interface VisitorSimulationSettings {
  readonly seed: number;
  readonly eventsPerSecond: number;
  readonly onError: (error: unknown) => void;
}

export interface VisitorSimulation {
  stop(): void;
}

/** Timers finer than 20 ms cost more than they buy; faster rates run several events per tick. */
const MAX_TICKS_PER_SECOND = 50;

/**
 * Puts the visitor decisions on a timer. The timer is unref'd: a simulation alone never keeps
 * the process alive.
 */
export function startVisitorSimulation(
  state: EmulatorState,
  settings: VisitorSimulationSettings,
): VisitorSimulation {
  const prng = createPrng(settings.seed);
  const ticksPerSecond = Math.min(settings.eventsPerSecond, MAX_TICKS_PER_SECOND);
  // Exactly 1 up to 50 events a second, so no rounding error can skip an event.
  const eventsPerTick = settings.eventsPerSecond / ticksPerSecond;
  let owed = 0;
  const timer = setInterval(() => {
    owed += eventsPerTick;
    for (; owed >= 1; owed -= 1) {
      const event = nextVisitorEvent(sceneOf(state), prng);
      if (event === undefined) continue;
      try {
        applyVisitorEvent(state, event);
      } catch (error) {
        settings.onError(error);
      }
    }
  }, 1000 / ticksPerSecond);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
