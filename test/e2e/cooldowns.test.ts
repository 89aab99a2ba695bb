import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../src/permissions/identity.ts';
import type { Reply } from '../../src/replies/reply.ts';
import { ADMIN_CONFIG, type Stack, startStack } from './harness.ts';

/**
 * Cooldowns against the emulator, on a pinned clock: what counts is what the chat server
 * received, not only the replies. Bound by user id, so the identity carries no groups.
 */
const COOLDOWNS = '\ncooldowns: { broadcast: 10s, room.edit: 10s, room.delete: 10s }\n';
const ROOMS = [
  { id: 1, name: 'Lobby', max: 100 },
  { id: 2, name: 'Music', max: 50 },
];
const BURST = 20;

const request = (userId: string): { identity: Identity; channel: string } => ({
  identity: { platform: 'slack', userId, userName: userId.toLowerCase(), groupIds: [], workspace: 'T1' },
  channel: 'C1',
});
const admin = request('U0ADMIN');
const otherAdmin = request('U0OTHER');

let now = Date.parse('2030-01-01T12:00:00Z');
let stack: Stack;
beforeAll(async () => {
  stack = await startStack(`${ADMIN_CONFIG}${COOLDOWNS}`, ROOMS, 60_000, () => now);
});
afterAll(async () => stack?.close());

const received = (type: string) => stack.emulator.acceptedCommands.filter((command) => command.type === type);
const titles = (replies: readonly Reply[]) => replies.map((reply) => reply.title);
/** Moves the command path's clock past every cooldown, so each test starts with free slots. */
const afterCooldowns = () => {
  now += 10_000;
};

function count(values: readonly string[], value: string): number {
  return values.filter((candidate) => candidate === value).length;
}

describe('a cooldown holds against a burst of concurrent commands', () => {
  it(`of ${BURST} concurrent broadcasts from one user, exactly one reaches the server`, async () => {
    afterCooldowns();
    const before = received('broadcast').length;
    const replies = await Promise.all(
      Array.from({ length: BURST }, (_, index) =>
        stack.runtime.core.handleLine(`broadcast burst ${index}`, admin),
      ),
    );
    expect(received('broadcast').length - before).toBe(1);
    expect(count(titles(replies), 'Broadcast sent')).toBe(1);
    expect(count(titles(replies), 'Please wait')).toBe(BURST - 1);
    const waited = replies.find((reply) => reply.title === 'Please wait');
    expect(waited?.text).toBe('You ran /chat broadcast moments ago. Try again in 10 s.');

    // Another user has a slot of their own; the first user's comes back once the period is over.
    expect((await stack.runtime.core.handleLine('broadcast mine too', otherAdmin)).title).toBe(
      'Broadcast sent',
    );
    now += 9_999;
    expect((await stack.runtime.core.handleLine('broadcast too soon', admin)).text).toBe(
      'You ran /chat broadcast moments ago. Try again in 1 s.',
    );
    now += 1;
    expect((await stack.runtime.core.handleLine('broadcast on time', admin)).title).toBe('Broadcast sent');
    expect(received('broadcast').length - before).toBe(3);
  });

  it(`of ${BURST} concurrent room edits that look their room up, exactly one reaches the server`, async () => {
    afterCooldowns();
    const before = received('edit_room').length;
    const replies = await Promise.all(
      Array.from({ length: BURST }, (_, index) =>
        stack.runtime.core.handleLine(`room edit Music max=${60 + index}`, admin),
      ),
    );
    const edits = received('edit_room').slice(before);
    expect(edits).toHaveLength(1);
    expect(count(titles(replies), 'Room changed: Music (2)')).toBe(1);
    expect(count(titles(replies), 'Please wait')).toBe(BURST - 1);
    // The one that ran is the one whose reply says so.
    const ran = replies.findIndex((reply) => reply.title === 'Room changed: Music (2)');
    expect(edits[0]?.params).toMatchObject({ roomid: '2', max: String(60 + ran) });
  });

  it('an attempt that does not run (unknown room, refused) gives its slot back', async () => {
    afterCooldowns();
    const before = received('edit_room').length;
    const unknown = await stack.runtime.core.handleLine('room edit Nowhere max=5', admin);
    expect(unknown.title).toBe('Cannot run /chat room edit');
    const invalid = await stack.runtime.core.handleLine('room edit Music', admin);
    expect(invalid.title).toBe('Cannot run /chat room edit');
    expect(received('edit_room').length).toBe(before);

    const edited = await stack.runtime.core.handleLine('room edit Lobby max=120', admin);
    expect(edited.title).toBe('Room changed: Lobby (1)');
    expect(received('edit_room').length).toBe(before + 1);
  });
});

describe('a confirmed operation counts against its cooldown like any other', () => {
  async function askToDelete(name: string): Promise<string> {
    const added = await stack.runtime.core.handleLine(`room add ${name}`, admin);
    const roomId = /\((\d+)\)/.exec(added.title)?.[1];
    const prompt = await stack.runtime.core.handleLine(`room delete ${roomId}`, admin);
    const id = prompt.confirmation?.id;
    if (!id) throw new Error(`no confirmation: ${prompt.title} ${prompt.text}`);
    return id;
  }

  it('two prompts opened, both confirmed at once: one runs, the other is told to wait', async () => {
    afterCooldowns();
    const before = received('del_room').length;
    // The open prompt holds no slot: the second prompt opens although the first is pending.
    const first = await askToDelete('DoomedOne');
    const second = await askToDelete('DoomedTwo');
    const answers = await Promise.all([
      stack.runtime.core.answerConfirmation(first, 'confirm', admin),
      stack.runtime.core.answerConfirmation(second, 'confirm', admin),
    ]);
    expect(received('del_room').length - before).toBe(1);
    expect(titles(answers).filter((title) => title.startsWith('Room deleted: Doomed'))).toHaveLength(1);
    const waited = answers.find((reply) => reply.title === 'Please wait');
    expect(waited?.text).toBe('You ran /chat room delete moments ago. Try again in 10 s.');
    const survivor = answers[0]?.title === 'Please wait' ? 'DoomedOne' : 'DoomedTwo';
    expect(stack.emulator.state.rooms('default').map((room) => room.name)).toContain(survivor);

    // Confirmed one after the other, the same: the cooldown is taken at the run.
    afterCooldowns();
    const third = await askToDelete('DoomedThree');
    const fourth = await askToDelete('DoomedFour');
    expect((await stack.runtime.core.answerConfirmation(third, 'confirm', admin)).title).toMatch(
      /^Room deleted: DoomedThree/,
    );
    expect((await stack.runtime.core.answerConfirmation(fourth, 'confirm', admin)).title).toBe('Please wait');
    expect(received('del_room').length - before).toBe(2);

    const audited = (await stack.runtime.audit.tail(2)).map(({ operation, decision }) => ({
      operation,
      decision,
    }));
    expect(audited).toEqual([
      { operation: 'room.delete', decision: 'confirmed' },
      { operation: 'room.delete', decision: 'cooldown' },
    ]);
  });

  it('a cancelled prompt leaves the slot free', async () => {
    afterCooldowns();
    const before = received('del_room').length;
    const cancelled = await askToDelete('KeptOne');
    expect((await stack.runtime.core.answerConfirmation(cancelled, 'cancel', admin)).title).toBe(
      '/chat room delete',
    );
    const confirmed = await askToDelete('GoneOne');
    expect((await stack.runtime.core.answerConfirmation(confirmed, 'confirm', admin)).title).toMatch(
      /^Room deleted: GoneOne/,
    );
    expect(received('del_room').length - before).toBe(1);
  });
});
