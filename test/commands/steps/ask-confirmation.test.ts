import { describe, expect, it } from 'vitest';
import { Confirmations } from '../../../src/commands/confirmations.ts';
import { pendingRunCodec } from '../../../src/commands/pending-run-codec.ts';
import { askConfirmationStep, type PendingRun } from '../../../src/commands/steps/ask-confirmation.ts';
import { scratchStateStore } from '../../state/scratch-store.ts';
import { attemptOf, CATALOGUE, CONTINUED, contextOf, drop, nextStep, open, say } from './fixtures.ts';

async function setUp() {
  const confirmations = new Confirmations<PendingRun>(
    60_000,
    (await scratchStateStore()).entries,
    pendingRunCodec(CATALOGUE),
    () => 1_000,
  );
  return { confirmations, step: askConfirmationStep({ confirmations, contextOf }) };
}

describe('the ask-confirmation step', () => {
  it('passes on an operation that is not destructive and asks for nothing', async () => {
    const { step } = await setUp();
    const next = nextStep();
    expect(await step.run(attemptOf({ operation: say, params: { message: 'hi' } }), next)).toBe(CONTINUED);
    expect(await step.run(attemptOf({ operation: open, params: { name: 'Quiz' } }), next)).toBe(CONTINUED);
    expect(next).toHaveBeenCalledTimes(2);
  });

  it('stops a destructive operation with its question, the run kept for the answer', async () => {
    const { step, confirmations } = await setUp();
    const attempt = attemptOf({ operation: drop, values: { room: '12' }, params: { room: { id: 12 } } });
    const next = nextStep();
    const reply = await step.run(attempt, next);
    expect(next).not.toHaveBeenCalled();
    expect(reply).toMatchObject({
      title: 'Confirm: /chat room drop',
      text: 'Drop room 12? Answer within 60 s.',
      severity: 'warning',
      visibility: 'private',
      confirmation: { question: 'Drop room 12?', expiresAt: new Date(61_000) },
    });
    expect(attempt.decision).toBe('confirmation_requested');
    const claim = await confirmations.claim(reply.confirmation?.id ?? '', 'console:ada');
    expect(claim).toMatchObject({ status: 'claimed', pending: { payload: { operation: drop } } });
  });

  it('stops an operation whose case needs a second thought', async () => {
    const { step } = await setUp();
    const next = nextStep();
    const reply = await step.run(attemptOf({ operation: open, params: { name: 'Music' } }), next);
    expect(next).not.toHaveBeenCalled();
    expect(reply.confirmation?.question).toBe('A room called Music exists. Open another?');
  });
});
