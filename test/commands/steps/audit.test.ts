import { describe, expect, it, vi } from 'vitest';
import type { Attempt } from '../../../src/commands/attempt.ts';
import { auditStep } from '../../../src/commands/steps/audit.ts';
import { attemptOf, CONTINUED, nextStep, say } from './fixtures.ts';

describe('the audit step', () => {
  it('passes on, and records the attempt once the rest has answered', async () => {
    const recorded: Attempt[] = [];
    const attempt = attemptOf();
    const next = vi.fn(async () => {
      expect(recorded).toEqual([]);
      return CONTINUED;
    });
    expect(await auditStep({ record: (done) => recorded.push(done) }).run(attempt, next)).toBe(CONTINUED);
    expect(next).toHaveBeenCalledTimes(1);
    expect(recorded).toEqual([attempt]);
  });

  it('stops a step that throws with an internal-error answer, reported and recorded as failed', async () => {
    const recorded: Attempt[] = [];
    const reported: unknown[] = [];
    const attempt = attemptOf({ operation: say });
    const failure = new Error('boom');
    const reply = await auditStep({
      record: (done) => recorded.push(done),
      onInternalError: (error) => reported.push(error),
    }).run(attempt, () => {
      throw failure;
    });
    expect(reply).toMatchObject({ title: '/chat say failed', severity: 'error', visibility: 'private' });
    expect(reply.text).toContain('internal error');
    expect(reported).toEqual([failure]);
    expect(attempt).toMatchObject({ outcome: 'failed', error: 'internal error' });
    expect(recorded).toEqual([attempt]);
  });

  it('gives back the cooldown slot of an attempt that ended without running', async () => {
    const slot = { commit: vi.fn(async () => {}), release: vi.fn(async () => {}) };
    const attempt = attemptOf({ cooldown: slot });
    await auditStep({ record: () => {} }).run(attempt, nextStep());
    expect(slot.release).toHaveBeenCalledTimes(1);
  });
});
