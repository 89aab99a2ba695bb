import { describe, expect, it } from 'vitest';
import { findOperationStep } from '../../../src/commands/steps/find-operation.ts';
import { attemptOf, CATALOGUE, CONTINUED, drop, nextStep, say } from './fixtures.ts';

const step = findOperationStep(CATALOGUE);

describe('the find-operation step', () => {
  it('passes on with the operation a typed line names, leaving its arguments to the next step', async () => {
    const attempt = attemptOf({ line: '/chat room drop Help Desk' });
    const next = nextStep();
    expect(await step.run(attempt, next)).toBe(CONTINUED);
    expect(next).toHaveBeenCalledTimes(1);
    expect(attempt.operation).toBe(drop);
    expect(attempt.args?.text.slice(attempt.args.from).trim()).toBe('Help Desk');
    expect(attempt.values).toEqual({});
  });

  it('passes on with the operation a structured platform named', async () => {
    const attempt = attemptOf({ operationName: 'say', values: { message: 'hi' } });
    expect(await step.run(attempt, nextStep())).toBe(CONTINUED);
    expect(attempt.operation).toBe(say);
    expect(attempt.args).toBeUndefined();
  });

  it('stops an unknown operation, typed or named, as invalid', async () => {
    const typed = attemptOf({ line: '/chat shout hello' });
    const next = nextStep();
    const reply = await step.run(typed, next);
    expect(next).not.toHaveBeenCalled();
    expect(reply).toMatchObject({ title: 'Unknown command', severity: 'error', visibility: 'private' });
    expect(reply.text).toContain('Unknown operation "shout"');
    expect(typed.decision).toBe('invalid');
    expect(typed.operation).toBeUndefined();

    const named = attemptOf({ operationName: 'shout' });
    expect(await step.run(named, next)).toMatchObject({ text: 'Unknown operation "shout".' });
    expect(named.error).toBe('unknown operation "shout"');
    expect(next).not.toHaveBeenCalled();
  });
});
