import { describe, expect, it } from 'vitest';
import { holdsSecret, secretMask } from '../../src/text/secret-mask.ts';

describe('one secret masker', () => {
  it('masks every occurrence of every secret, however short', () => {
    const mask = secretMask(['pw7', 'xoxb-123-abc']);
    expect(mask('api_pwd="pw7" and pw7 again; token xoxb-123-abc')).toBe(
      'api_pwd="[redacted]" and [redacted] again; token [redacted]',
    );
  });

  it('hides a secret that contains a shorter one whole, and ignores empty and missing ones', () => {
    const mask = secretMask(['abc', 'abcdef', '', undefined], '***');
    expect(mask('abcdef-abc')).toBe('***-***');
    expect(secretMask([])('nothing to hide')).toBe('nothing to hide');
  });

  it('says whether a text holds one', () => {
    expect(holdsSecret('see pw7 here', ['pw7'])).toBe(true);
    expect(holdsSecret('nothing', ['pw7', ''])).toBe(false);
  });
});
