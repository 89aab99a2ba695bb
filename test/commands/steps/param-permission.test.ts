import { describe, expect, it } from 'vitest';
import { paramPermissionStep } from '../../../src/commands/steps/param-permission.ts';
import { attemptOf, CONTINUED, nextStep, policyAllowing, say } from './fixtures.ts';

describe('the param-permission step', () => {
  it('passes on when a guarded parameter is not given, or is granted', async () => {
    const next = nextStep();
    const without = attemptOf({ operation: say, params: { message: 'hi' } });
    expect(await paramPermissionStep(policyAllowing('say')).run(without, next)).toBe(CONTINUED);
    const granted = attemptOf({ operation: say, params: { message: 'hi', as: 'Staff' } });
    expect(await paramPermissionStep(policyAllowing('say', 'say.as')).run(granted, next)).toBe(CONTINUED);
    expect(next).toHaveBeenCalledTimes(2);
  });

  it('stops a guarded parameter given without its permission, and says how to go on', async () => {
    const attempt = attemptOf({ operation: say, params: { message: 'hi', as: 'Staff' } });
    const next = nextStep();
    const reply = await paramPermissionStep(policyAllowing('say')).run(attempt, next);
    expect(next).not.toHaveBeenCalled();
    expect(reply).toMatchObject({ title: 'Not allowed', severity: 'error', visibility: 'private' });
    expect(reply.text).toBe(
      'You may not use as= in "say" (permission say.as): it needs the role admin. Your roles: viewer. Nothing was run; without as= you may run it.',
    );
    expect(attempt.decision).toBe('denied');
  });
});
