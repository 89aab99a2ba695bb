import { describe, expect, it } from 'vitest';
import { Confirmations } from '../../src/commands/confirmations.ts';
import { Cooldowns } from '../../src/commands/cooldowns.ts';
import type { StoredValue } from '../../src/state/index.ts';
import { scratchStateStore } from '../state/scratch-store.ts';

/** Strings stored as they are: these cases are about the claim, not about what is claimed. */
const TEXT = {
  encode: (text: string) => text,
  decode: (stored: StoredValue) => (typeof stored === 'string' ? stored : undefined),
};

describe('Cooldowns', async () => {
  async function run(cooldowns: Cooldowns, userKey: string, operation: string): Promise<void> {
    const reservation = await cooldowns.reserve(userKey, operation);
    if (!reservation.ok) throw new Error(`${operation} is cooling down`);
    await reservation.slot.commit();
  }

  it('counts per user and operation, only after a run, and only for declared operations', async () => {
    let now = 1_000;
    const cooldowns = new Cooldowns(
      new Map([['broadcast', 10_000]]),
      (await scratchStateStore()).cooldowns,
      () => now,
    );
    expect(await cooldowns.remainingMs('slack:U1', 'broadcast')).toBe(0);
    await run(cooldowns, 'slack:U1', 'broadcast');
    await run(cooldowns, 'slack:U1', 'pm');
    now += 4_000;
    expect(await cooldowns.remainingMs('slack:U1', 'broadcast')).toBe(6_000);
    expect(await cooldowns.remainingMs('slack:U2', 'broadcast')).toBe(0);
    expect(await cooldowns.remainingMs('slack:U1', 'pm')).toBe(0);
    await run(cooldowns, 'slack:U1', 'pm');
    now += 6_000;
    expect(await cooldowns.remainingMs('slack:U1', 'broadcast')).toBe(0);
  });

  it('holds a reserved slot against a second attempt before the first has run', async () => {
    let now = 0;
    const cooldowns = new Cooldowns(
      new Map([['room.edit', 10_000]]),
      (await scratchStateStore()).cooldowns,
      () => now,
    );
    const first = await cooldowns.reserve('slack:U1', 'room.edit');
    expect(first.ok).toBe(true);
    now += 500;
    expect(await cooldowns.reserve('slack:U1', 'room.edit')).toEqual({ ok: false, remainingMs: 9_500 });
    if (!first.ok) return;
    // The run starts later than the reservation: the period counts from the run.
    now += 1_500;
    await first.slot.commit();
    await first.slot.release();
    now += 9_999;
    expect(await cooldowns.reserve('slack:U1', 'room.edit')).toEqual({ ok: false, remainingMs: 1 });
    now += 1;
    expect((await cooldowns.reserve('slack:U1', 'room.edit')).ok).toBe(true);
  });

  it('gives a released slot back: an attempt that did not run costs the user nothing', async () => {
    let now = 0;
    const cooldowns = new Cooldowns(
      new Map([['broadcast', 10_000]]),
      (await scratchStateStore()).cooldowns,
      () => now,
    );
    const abandoned = await cooldowns.reserve('slack:U1', 'broadcast');
    if (!abandoned.ok) throw new Error('the slot was free');
    await abandoned.slot.release();
    expect(await cooldowns.remainingMs('slack:U1', 'broadcast')).toBe(0);
    const next = await cooldowns.reserve('slack:U1', 'broadcast');
    expect(next.ok).toBe(true);
    // Releasing twice, or committing after release, touches nobody else's slot.
    await abandoned.slot.release();
    await abandoned.slot.commit();
    now += 1_000;
    expect(await cooldowns.remainingMs('slack:U1', 'broadcast')).toBe(9_000);
  });

  it('a stale reservation left past its period cannot free the slot a later attempt took', async () => {
    let now = 0;
    const cooldowns = new Cooldowns(
      new Map([['broadcast', 10_000]]),
      (await scratchStateStore()).cooldowns,
      () => now,
    );
    const stale = await cooldowns.reserve('slack:U1', 'broadcast');
    now += 10_000;
    const later = await cooldowns.reserve('slack:U1', 'broadcast');
    expect(stale.ok && later.ok).toBe(true);
    if (stale.ok) await stale.slot.release();
    expect(await cooldowns.remainingMs('slack:U1', 'broadcast')).toBe(10_000);
  });
});

describe('Confirmations', async () => {
  it('is claimed once, by its owner, before it expires', async () => {
    let now = 0;
    const confirmations = new Confirmations<string>(
      60_000,
      (await scratchStateStore()).entries,
      TEXT,
      () => now,
    );
    const first = await confirmations.open('slack:U1', 'delete 12');
    expect((await confirmations.claim(first.id, 'slack:U2')).status).toBe('not_owner');
    expect(await confirmations.claim(first.id, 'slack:U1')).toMatchObject({
      status: 'claimed',
      pending: { payload: 'delete 12' },
    });
    expect((await confirmations.claim(first.id, 'slack:U1')).status).toBe('unknown');

    const late = await confirmations.open('slack:U1', 'stop');
    now += 60_001;
    expect((await confirmations.claim(late.id, 'slack:U1')).status).toBe('expired');
    expect((await confirmations.claim('no-such-id', 'slack:U1')).status).toBe('unknown');
  });
});
