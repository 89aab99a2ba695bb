import { describe, expect, it } from 'vitest';
import { Confirmations } from '../../src/commands/confirmations.ts';
import { Cooldowns } from '../../src/commands/cooldowns.ts';

describe('Cooldowns', () => {
  it('counts per user and operation, only after a run, and only for declared operations', () => {
    let now = 1_000;
    const cooldowns = new Cooldowns(new Map([['broadcast', 10_000]]), () => now);
    expect(cooldowns.remainingMs('slack:U1', 'broadcast')).toBe(0);
    cooldowns.recordRun('slack:U1', 'broadcast');
    cooldowns.recordRun('slack:U1', 'pm');
    now += 4_000;
    expect(cooldowns.remainingMs('slack:U1', 'broadcast')).toBe(6_000);
    expect(cooldowns.remainingMs('slack:U2', 'broadcast')).toBe(0);
    expect(cooldowns.remainingMs('slack:U1', 'pm')).toBe(0);
    now += 6_000;
    expect(cooldowns.remainingMs('slack:U1', 'broadcast')).toBe(0);
  });
});

describe('Confirmations', () => {
  it('is claimed once, by its owner, before it expires', () => {
    let now = 0;
    const confirmations = new Confirmations<string>(60_000, () => now);
    const first = confirmations.open('slack:U1', 'delete 12');
    expect(confirmations.claim(first.id, 'slack:U2').status).toBe('not_owner');
    expect(confirmations.claim(first.id, 'slack:U1')).toMatchObject({
      status: 'claimed',
      pending: { payload: 'delete 12' },
    });
    expect(confirmations.claim(first.id, 'slack:U1').status).toBe('unknown');

    const late = confirmations.open('slack:U1', 'stop');
    now += 60_001;
    expect(confirmations.claim(late.id, 'slack:U1').status).toBe('expired');
    expect(confirmations.claim('no-such-id', 'slack:U1').status).toBe('unknown');
  });
});
