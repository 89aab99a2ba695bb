import { describe, expect, it } from 'vitest';
import { permissionStep } from '../../../src/commands/steps/permission.ts';
import { attemptOf, CONTINUED, nextStep, policyAllowing, say } from './fixtures.ts';

describe('the permission step', () => {
  it('passes on an operation the policy grants', async () => {
    const next = nextStep();
    expect(await permissionStep(policyAllowing('say')).run(attemptOf({ operation: say }), next)).toBe(
      CONTINUED,
    );
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('stops one it does not, saying what is needed and why the groups may have given less', async () => {
    const attempt = attemptOf({ operation: say });
    attempt.meta.identity.membershipUnavailable = 'missing_scope';
    const next = nextStep();
    const reply = await permissionStep(policyAllowing()).run(attempt, next);
    expect(next).not.toHaveBeenCalled();
    expect(reply).toEqual({
      title: 'Not allowed',
      text: 'You may not run "say": it needs the role admin. Your roles: viewer. Your groups could not be read: missing_scope',
      severity: 'error',
      visibility: 'private',
    });
    expect(attempt).toMatchObject({ decision: 'denied', error: reply.text });
  });
});
