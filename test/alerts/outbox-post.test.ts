import { describe, expect, it } from 'vitest';
import { outboxKey, replyOfStored, storedMessage } from '../../src/alerts/outbox-post.ts';
import type { Reply } from '../../src/replies/reply.ts';
import { rule } from './engine-fixture.ts';

/** A post as the alert outbox keeps it: read back as it was rendered, bytes included; keyed by what makes it the same post. */

const T0 = Date.UTC(2031, 0, 1, 12);
const lobbyBusy = rule({ name: 'lobby-busy', condition: { kind: 'roomUsers', threshold: 50 } });

describe('the outbox message', () => {
  it('a notice with a chart comes back byte for byte, through JSON text as the store keeps it', () => {
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 255, 128]);
    const reply: Reply = {
      title: 'Lobby (1) has 50 users (threshold 50)',
      text: 'Alert rule lobby-busy: the users in the room reached 50. It clears below 45.',
      fields: [
        { label: 'Room', value: 'Lobby (1)' },
        { label: 'Users', value: '50/100' },
      ],
      attachment: {
        fileName: 'occupancy-room-1-1h.png',
        content: png,
        mediaType: 'image/png',
        altText: 'Users in Lobby over the last hour',
        textPreview: '▁▂▃▅▇',
      },
      severity: 'warning',
      visibility: 'channel',
    };
    const back = replyOfStored(JSON.parse(JSON.stringify(storedMessage(reply))));
    expect(back).toEqual(reply);
    expect(back.attachment?.content).toBeInstanceOf(Uint8Array);
    const text: Reply = {
      title: 'x',
      attachment: { fileName: 'a.txt', content: 'Grüße' },
      severity: 'info',
      visibility: 'channel',
    };
    expect(replyOfStored(storedMessage(text))).toEqual(text);
  });

  it('a message that is not one is refused, saying what is wrong', () => {
    expect(() => replyOfStored({ title: 'x', severity: 'loud', visibility: 'channel' })).toThrow(/severity/);
    expect(() =>
      storedMessage({
        title: 'x',
        severity: 'info',
        visibility: 'channel',
        confirmation: {
          id: 'c',
          question: '?',
          confirmLabel: 'yes',
          cancelLabel: 'no',
          expiresAt: new Date(T0),
        },
      }),
    ).toThrow('an alert post cannot ask for a confirmation');
  });
});

describe('the idempotency key', () => {
  const notice = {
    type: 'alert' as const,
    rule: lobbyBusy,
    key: 'room:1',
    facts: { kind: 'room' as const, roomId: 1, label: 'Lobby (1)', users: 50, capacity: 100 },
    startedAt: T0,
    heldMs: 0,
  };

  it('the same post of the same episode has the same key; any other, another', () => {
    const key = outboxKey('default', notice, 'slack', 'C0ALERTS1');
    expect(key).toBe(`default|lobby-busy|room:1|${T0}|alert|slack|C0ALERTS1`);
    // How long it has held, or the reading now, do not make it another post.
    expect(
      outboxKey(
        'default',
        { ...notice, heldMs: 5000, facts: { ...notice.facts, users: 70 } },
        'slack',
        'C0ALERTS1',
      ),
    ).toBe(key);
    const others = [
      outboxKey('other-group', notice, 'slack', 'C0ALERTS1'),
      outboxKey('default', { ...notice, key: 'room:2' }, 'slack', 'C0ALERTS1'),
      outboxKey('default', { ...notice, startedAt: T0 + 1 }, 'slack', 'C0ALERTS1'),
      outboxKey('default', { ...notice, type: 'recovery' }, 'slack', 'C0ALERTS1'),
      outboxKey('default', notice, 'discord', 'C0ALERTS1'),
      outboxKey('default', notice, 'slack', 'C0OTHER'),
    ];
    expect(new Set([key, ...others]).size).toBe(7);
  });
});
