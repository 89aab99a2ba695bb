import { describe, expect, it } from 'vitest';
import { Confirmations } from '../../src/commands/confirmations.ts';
import { Cooldowns } from '../../src/commands/cooldowns.ts';

describe('Cooldowns', () => {
  function run(cooldowns: Cooldowns, userKey: string, operation: string): void {
    const reservation = cooldowns.reserve(userKey, operation);
    if (!reservation.ok) throw new Error(`${operation} is cooling down`);
    reservation.slot.commit();
  }

  it('counts per user and operation, only after a run, and only for declared operations', () => {
    let now = 1_000;
    const cooldowns = new Cooldowns(new Map([['broadcast', 10_000]]), () => now);
    expect(cooldowns.remainingMs('slack:U1', 'broadcast')).toBe(0);
    run(cooldowns, 'slack:U1', 'broadcast');
    run(cooldowns, 'slack:U1', 'pm');
    now += 4_000;
    expect(cooldowns.remainingMs('slack:U1', 'broadcast')).toBe(6_000);
    expect(cooldowns.remainingMs('slack:U2', 'broadcast')).toBe(0);
    expect(cooldowns.remainingMs('slack:U1', 'pm')).toBe(0);
    run(cooldowns, 'slack:U1', 'pm');
    now += 6_000;
    expect(cooldowns.remainingMs('slack:U1', 'broadcast')).toBe(0);
  });

  it('holds a reserved slot against a second attempt before the first has run', () => {
    let now = 0;
    const cooldowns = new Cooldowns(new Map([['room.edit', 10_000]]), () => now);
    const first = cooldowns.reserve('slack:U1', 'room.edit');
    expect(first.ok).toBe(true);
    now += 500;
    expect(cooldowns.reserve('slack:U1', 'room.edit')).toEqual({ ok: false, remainingMs: 9_500 });
    if (!first.ok) return;
    // The run starts later than the reservation: the period counts from the run.
    now += 1_500;
    first.slot.commit();
    first.slot.release();
    now += 9_999;
    expect(cooldowns.reserve('slack:U1', 'room.edit')).toEqual({ ok: false, remainingMs: 1 });
    now += 1;
    expect(cooldowns.reserve('slack:U1', 'room.edit').ok).toBe(true);
  });

  it('gives a released slot back: an attempt that did not run costs the user nothing', () => {
    let now = 0;
    const cooldowns = new Cooldowns(new Map([['broadcast', 10_000]]), () => now);
    const abandoned = cooldowns.reserve('slack:U1', 'broadcast');
    if (!abandoned.ok) throw new Error('the slot was free');
    abandoned.slot.release();
    expect(cooldowns.remainingMs('slack:U1', 'broadcast')).toBe(0);
    const next = cooldowns.reserve('slack:U1', 'broadcast');
    expect(next.ok).toBe(true);
    // Releasing twice, or committing after release, touches nobody else's slot.
    abandoned.slot.release();
    abandoned.slot.commit();
    now += 1_000;
    expect(cooldowns.remainingMs('slack:U1', 'broadcast')).toBe(9_000);
  });

  it('a stale reservation left past its period cannot free the slot a later attempt took', () => {
    let now = 0;
    const cooldowns = new Cooldowns(new Map([['broadcast', 10_000]]), () => now);
    const stale = cooldowns.reserve('slack:U1', 'broadcast');
    now += 10_000;
    const later = cooldowns.reserve('slack:U1', 'broadcast');
    expect(stale.ok && later.ok).toBe(true);
    if (stale.ok) stale.slot.release();
    expect(cooldowns.remainingMs('slack:U1', 'broadcast')).toBe(10_000);
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
