import { describe, expect, it } from 'vitest';
import {
  createAllowList,
  isAllowListEntry,
  normaliseAddress,
} from '../../src/emulator/address-allow-list.ts';
import { ZeroByteFrame } from '../../src/emulator/zero-byte-frame.ts';

describe('the allow list', () => {
  it('reads an IPv4-mapped IPv6 client as its IPv4 address', () => {
    expect(normaliseAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseAddress('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(normaliseAddress('::1')).toBe('::1');
    expect(createAllowList(['127.0.0.1'])('::ffff:127.0.0.1')).toBe(true);
  });

  it('matches addresses, not spellings, and * allows any', () => {
    const allowed = createAllowList(['127.0.0.1', '::1']);
    expect(allowed('127.0.0.1')).toBe(true);
    expect(allowed('0:0:0:0:0:0:0:1')).toBe(true);
    expect(allowed('127.0.0.2')).toBe(false);
    expect(allowed('')).toBe(false);
    expect(createAllowList(['*'])('203.0.113.9')).toBe(true);
  });

  it('accepts IP addresses and * as entries, nothing else', () => {
    expect(['127.0.0.1', '::1', '*', '::ffff:10.1.1.1'].every(isAllowListEntry)).toBe(true);
    expect(['localhost', '10.0.0.0/8', '', '256.1.1.1'].some(isAllowListEntry)).toBe(false);
  });
});

describe('zero-byte framing', () => {
  it('collects a frame byte by byte and stops at the first zero byte', () => {
    const frame = new ZeroByteFrame(100);
    const bytes = Buffer.from('<Cömmand/>\0after', 'utf8');
    const progress = [...bytes].map((byte) => frame.push(Buffer.of(byte)));
    const complete = progress.find((step) => step.state === 'complete');
    expect(complete).toEqual({ state: 'complete', body: Buffer.from('<Cömmand/>', 'utf8') });
    expect(progress.findIndex((step) => step.state === 'complete')).toBe(Buffer.byteLength('<Cömmand/>'));
  });

  it('reports oversized as soon as the limit passes with no zero byte', () => {
    const frame = new ZeroByteFrame(4);
    expect(frame.push(Buffer.from('abcd')).state).toBe('incomplete');
    expect(frame.push(Buffer.from('e')).state).toBe('oversized');
    expect(new ZeroByteFrame(4).push(Buffer.from('abcd\0'))).toEqual({
      state: 'complete',
      body: Buffer.from('abcd'),
    });
  });
});
