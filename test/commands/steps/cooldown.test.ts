import { describe, expect, it } from 'vitest';
import { Cooldowns } from '../../../src/commands/cooldowns.ts';
import { cooldownStep } from '../../../src/commands/steps/cooldown.ts';
import { scratchStateStore } from '../../state/scratch-store.ts';
import { attemptOf, CONTINUED, nextStep, say } from './fixtures.ts';

describe('the cooldown step', () => {
  it('passes on holding the slot, which a second attempt then finds taken', async () => {
    let now = 0;
    const step = cooldownStep(
      new Cooldowns(new Map([['say', 10_000]]), (await scratchStateStore()).cooldowns, () => now),
    );
    const first = attemptOf({ operation: say });
    const next = nextStep();
    expect(await step.run(first, next)).toBe(CONTINUED);
    expect(first.cooldown).toBeDefined();

    now = 2_500;
    const second = attemptOf({ operation: say });
    const reply = await step.run(second, next);
    expect(next).toHaveBeenCalledTimes(1);
    expect(reply).toEqual({
      title: 'Please wait',
      text: 'You ran /chat say moments ago. Try again in 8 s.',
      severity: 'warning',
      visibility: 'private',
    });
    expect(second).toMatchObject({ decision: 'cooldown', error: 'cooldown: 8 s left' });

    await first.cooldown?.release();
    expect(await step.run(attemptOf({ operation: say }), next)).toBe(CONTINUED);
  });
});
