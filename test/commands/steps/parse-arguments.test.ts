import { describe, expect, it } from 'vitest';
import { parseArgumentsStep } from '../../../src/commands/steps/parse-arguments.ts';
import { attemptOf, CONTINUED, nextStep, say } from './fixtures.ts';

describe('the parse-arguments step', () => {
  it("passes on with a typed line's values", async () => {
    const text = ' say as=Staff hello there';
    const attempt = attemptOf({ operation: say, args: { text, from: 4 } });
    const next = nextStep();
    expect(await parseArgumentsStep.run(attempt, next)).toBe(CONTINUED);
    expect(next).toHaveBeenCalledTimes(1);
    expect(attempt.values).toEqual({ as: 'Staff', message: 'hello there' });
  });

  it('passes values a structured platform typed on untouched', async () => {
    const attempt = attemptOf({ operation: say, values: { message: 'hi' } });
    expect(await parseArgumentsStep.run(attempt, nextStep())).toBe(CONTINUED);
    expect(attempt.values).toEqual({ message: 'hi' });
  });

  it('stops arguments the grammar refuses, as invalid with the usage', async () => {
    const text = ' say';
    const attempt = attemptOf({ operation: say, args: { text, from: text.length } });
    const next = nextStep();
    const reply = await parseArgumentsStep.run(attempt, next);
    expect(next).not.toHaveBeenCalled();
    expect(reply).toMatchObject({ title: 'Cannot run /chat say', severity: 'error' });
    expect(reply.text).toMatch(/^Missing <message>\.\nUsage: \/chat say/);
    expect(attempt.decision).toBe('invalid');
  });
});
