import { describe, expect, it } from 'vitest';
import { validateStep } from '../../../src/commands/steps/validate.ts';
import { attemptOf, CONTINUED, nextStep, say } from './fixtures.ts';

describe('the validate step', () => {
  it('passes on with params that meet the schema', async () => {
    const attempt = attemptOf({ operation: say, values: { message: 'hello' } });
    const next = nextStep();
    expect(await validateStep.run(attempt, next)).toBe(CONTINUED);
    expect(next).toHaveBeenCalledTimes(1);
    expect(attempt.params).toMatchObject({ message: 'hello' });
  });

  it('stops values that do not, as invalid with the usage', async () => {
    const attempt = attemptOf({ operation: say, values: { message: 'x'.repeat(101) } });
    const next = nextStep();
    const reply = await validateStep.run(attempt, next);
    expect(next).not.toHaveBeenCalled();
    expect(reply).toMatchObject({ title: 'Cannot run /chat say', severity: 'error' });
    expect(reply.text).toContain('Usage: /chat say');
    expect(attempt.decision).toBe('invalid');
    expect(attempt.params).toBeUndefined();
  });
});
