import { describe, expect, it } from 'vitest';
import { Confirmations } from '../../../src/commands/confirmations.ts';
import { pendingRunCodec } from '../../../src/commands/pending-run-codec.ts';
import type { PendingRun } from '../../../src/commands/steps/ask-confirmation.ts';
import { claimConfirmationStep } from '../../../src/commands/steps/claim-confirmation.ts';
import { scratchStateStore } from '../../state/scratch-store.ts';
import { attemptOf, CATALOGUE, CONTINUED, drop, nextStep } from './fixtures.ts';

async function setUp() {
  let now = 0;
  const confirmations = new Confirmations<PendingRun>(
    60_000,
    (await scratchStateStore()).entries,
    pendingRunCodec(CATALOGUE),
    () => now,
  );
  const pending = await confirmations.open('console:ada', {
    operation: drop,
    values: { room: '12' },
    params: { room: { id: 12 } },
  });
  return { step: claimConfirmationStep(confirmations), id: pending.id, later: (ms: number) => (now += ms) };
}

describe('the claim-confirmation step', () => {
  it('passes on a confirm from the one who asked, in time, with the run that was asked', async () => {
    const { step, id } = await setUp();
    const attempt = attemptOf({ answer: { id, choice: 'confirm' } });
    const next = nextStep();
    expect(await step.run(attempt, next)).toBe(CONTINUED);
    expect(next).toHaveBeenCalledTimes(1);
    expect(attempt).toMatchObject({
      decision: 'confirmed',
      operation: drop,
      values: { room: '12' },
      params: { room: { id: 12 } },
    });
  });

  it('stops a second answer to the same prompt', async () => {
    const { step, id } = await setUp();
    const next = nextStep();
    await step.run(attemptOf({ answer: { id, choice: 'confirm' } }), next);
    const again = attemptOf({ answer: { id, choice: 'confirm' } });
    expect(await step.run(again, next)).toEqual({
      title: 'Confirmation',
      text: 'This confirmation was already answered or is unknown.',
      severity: 'warning',
      visibility: 'private',
    });
    expect(again.decision).toBe('confirmation_refused');
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('stops an answer from someone else, a late one, and a cancel', async () => {
    const next = nextStep();
    const other = await setUp();
    const byOther = attemptOf({ answer: { id: other.id, choice: 'confirm' } });
    byOther.meta.identity.userId = 'bob';
    expect(await other.step.run(byOther, next)).toMatchObject({
      title: '/chat room drop',
      text: 'Only the person who ran this command can confirm it.',
    });
    expect(byOther.decision).toBe('confirmation_refused');

    const late = await setUp();
    late.later(60_001);
    const expired = attemptOf({ answer: { id: late.id, choice: 'confirm' } });
    expect(await late.step.run(expired, next)).toMatchObject({
      text: 'This confirmation expired after 1 min. Run the command again.',
    });
    expect(expired.decision).toBe('expired');

    const cancel = await setUp();
    const cancelled = attemptOf({ answer: { id: cancel.id, choice: 'cancel' } });
    expect(await cancel.step.run(cancelled, next)).toMatchObject({
      text: 'Cancelled: nothing was changed.',
      severity: 'info',
    });
    expect(cancelled).toMatchObject({ decision: 'cancelled', error: undefined });
    expect(next).not.toHaveBeenCalled();
  });
});
