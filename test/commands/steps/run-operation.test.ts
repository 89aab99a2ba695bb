import { describe, expect, it, vi } from 'vitest';
import { defineOperation } from '../../../src/catalogue/operation.ts';
import { runOperationStep } from '../../../src/commands/steps/run-operation.ts';
import { attemptOf, contextOf, nextStep, say } from './fixtures.ts';

describe('the run step', () => {
  it('runs the operation, commits the cooldown slot and never goes on', async () => {
    const slot = { commit: vi.fn(async () => {}), release: vi.fn(async () => {}) };
    const attempt = attemptOf({ operation: say, params: { message: 'hi' }, cooldown: slot });
    const next = nextStep();
    const reply = await runOperationStep({ contextOf, announceChanges: true }).run(attempt, next);
    expect(reply).toEqual({ title: 'Said', text: 'hi', severity: 'success', visibility: 'channel' });
    expect(next).not.toHaveBeenCalled();
    expect(slot.commit).toHaveBeenCalledTimes(1);
    expect(attempt.outcome).toBe('ok');
  });

  it('keeps a change private when changes are not announced', async () => {
    const attempt = attemptOf({ operation: say, params: { message: 'hi' } });
    const reply = await runOperationStep({ contextOf, announceChanges: false }).run(attempt, nextStep());
    expect(reply.visibility).toBe('private');
  });

  it('answers a handler that throws, reporting what is not the chat server', async () => {
    const broken = defineOperation({ ...say, run: () => Promise.reject(new Error('bug')) });
    const reported: unknown[] = [];
    const attempt = attemptOf({ operation: broken, params: { message: 'hi' } });
    const reply = await runOperationStep({
      contextOf,
      announceChanges: true,
      onInternalError: (error) => reported.push(error),
    }).run(attempt, nextStep());
    expect(reply).toMatchObject({ title: '/chat say failed', severity: 'error' });
    expect(reported).toHaveLength(1);
    expect(attempt).toMatchObject({ outcome: 'failed', error: reply.text });
  });
});
