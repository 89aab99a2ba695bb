import type { Reply } from '../replies/reply.ts';
import type { Attempt } from './attempt.ts';

export type Next = () => Promise<Reply>;

/**
 * One link of the command path: it answers and stops, or calls `next` once to go on. A step that
 * does not wait is a plain function, not an async one: a command does not pay a promise and its
 * ticks per step (measured on the command path).
 */
export interface Step {
  /** Names the step in the order's test and in the error a misbehaving step raises. */
  readonly name: string;
  run(attempt: Attempt, next: Next): Promise<Reply>;
}

/**
 * Runs the steps in order, each deciding whether to call the next (bolt-js listener middleware).
 * A step that continues twice would run the rest of the chain (an operation, a broadcast) twice:
 * its second call throws instead, into that step, and goes no further. Continuing past the last
 * step throws too: the last one answers.
 */
export function runSteps(steps: readonly Step[], attempt: Attempt): Promise<Reply> {
  const at = (index: number): Promise<Reply> => {
    const step = steps[index];
    if (step === undefined)
      throw new Error('the last step of the command path continued: nothing follows it');
    let continued = false;
    return step.run(attempt, () => {
      if (continued) throw new Error(`step "${step.name}" continued twice; the second time was refused`);
      continued = true;
      return at(index + 1);
    });
  };
  return at(0);
}

/** A step's answer when it stops the chain without waiting: no async function, no extra ticks. */
export function answer(reply: Reply): Promise<Reply> {
  return Promise.resolve(reply);
}
