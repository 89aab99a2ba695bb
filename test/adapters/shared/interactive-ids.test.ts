import { describe, expect, it } from 'vitest';
import { interactiveId, parseInteractiveId } from '../../../adapters/shared/interactive-ids.ts';

describe('one scheme for the ids buttons carry, on every platform', () => {
  it('written as documented, read back, and anything else is not ours', () => {
    const id = '6f1c1b7e-5c2a-4d0e-9d7a-2b1f3c4d5e6f';
    expect(interactiveId({ kind: 'page', key: 'k3y_-', page: 12 })).toBe('fc:page:k3y_-:12');
    expect(interactiveId({ kind: 'inert', key: 'k' })).toBe('fc:inert:k');
    expect(interactiveId({ kind: 'confirmation', answer: 'confirm', confirmationId: id })).toBe(
      `fc:confirm:${id}`,
    );
    expect(interactiveId({ kind: 'confirmation', answer: 'cancel', confirmationId: id })).toBe(
      `fc:cancel:${id}`,
    );

    expect(parseInteractiveId('fc:page:k3y_-:12')).toEqual({ kind: 'page', key: 'k3y_-', page: 12 });
    expect(parseInteractiveId(`fc:confirm:${id}`)).toEqual({
      kind: 'confirmation',
      confirmationId: id,
      answer: 'confirm',
    });
    expect(parseInteractiveId(`fc:cancel:${id}`)).toMatchObject({ answer: 'cancel' });
    expect(parseInteractiveId('fc:inert:k')).toEqual({ kind: 'inert', key: 'k' });
    for (const other of ['', 'fc:page:k', 'fc:delete:x', 'someone-else', 'fc:confirm:a:b', 'chat_confirm'])
      expect(parseInteractiveId(other)).toBeUndefined();
  });

  it('never longer than the shorter platform limit (Discord custom_id, 100)', () => {
    expect(() =>
      interactiveId({ kind: 'confirmation', answer: 'confirm', confirmationId: 'x'.repeat(100) }),
    ).toThrow(RangeError);
    expect(parseInteractiveId(`fc:confirm:${'x'.repeat(89)}`)).toBeUndefined();
  });
});
