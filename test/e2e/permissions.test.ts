import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../src/permissions/identity.ts';
import { ADMIN_CONFIG, type Stack, startStack } from './harness.ts';

const CONFIRM_TIMEOUT_MS = 300;
const as = (userId: string, groupIds: string[] = []): { identity: Identity; channel: string } => ({
  identity: { platform: 'slack', userId, userName: userId.toLowerCase(), groupIds, workspace: 'T1' },
  channel: 'C1',
});
const admin = as('U0ADMIN');
const otherAdmin = as('U0OTHER');
const viewer = as('U0VIEW');
const stranger = as('U0NOBODY');

/** The command path's clock: real time, moved on by the tests that need a deadline to pass. */
let skewMs = 0;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack(ADMIN_CONFIG, undefined, CONFIRM_TIMEOUT_MS, () => Date.now() + skewMs);
});
afterAll(async () => stack?.close());

describe('permissions, deny by default', () => {
  it('an identity with no binding may run nothing, not even help', async () => {
    for (const line of ['help', 'status', 'who 1']) {
      const reply = await stack.runtime.core.handleLine(line, stranger);
      expect(reply.title).toBe('Not allowed');
      expect(reply.visibility).toBe('private');
    }
    const reply = await stack.runtime.core.handleLine('status', stranger);
    expect(reply.text).toBe(
      'You may not run "status": it needs one of the roles viewer, moderator or admin. You have no role here; ask an admin to bind your user or one of your groups in chatops.yml.',
    );
  });

  it('a denial names the operation and the roles that would allow it; nothing reaches the server', async () => {
    const before = stack.emulator.acceptedCommands.length;
    const reply = await stack.runtime.core.handleLine('broadcast hi', viewer);
    expect(reply.text).toBe(
      'You may not run "broadcast": it needs one of the roles moderator or admin. Your roles: viewer.',
    );
    expect(stack.emulator.acceptedCommands.length).toBe(before);
  });

  it('help lists only what the caller may run', async () => {
    const reply = await stack.runtime.core.handleLine('help', viewer);
    expect(reply.list?.items.map((item) => item.split(' · ')[0])).toEqual([
      '/chat status',
      '/chat rooms',
      '/chat who <room>',
      '/chat help [operation…]',
    ]);
  });
});

describe('visibility', () => {
  it('read-only answers are private; changes are announced in the channel by default', async () => {
    expect((await stack.runtime.core.handleLine('rooms', admin)).visibility).toBe('private');
    const added = await stack.runtime.core.handleLine('room add Announced', admin);
    expect(added.title).toMatch(/^Room added: Announced \(\d+\)$/);
    expect(added.visibility).toBe('channel');
  });
});

describe('confirmation of destructive operations', () => {
  async function askToDelete(): Promise<{ id: string; roomId: number }> {
    const added = await stack.runtime.core.handleLine('room add Doomed', admin);
    const roomId = Number(/\((\d+)\)/.exec(added.title)?.[1]);
    const prompt = await stack.runtime.core.handleLine(`room delete ${roomId}`, admin);
    const id = prompt.confirmation?.id;
    if (!id) throw new Error(`no confirmation: ${prompt.title}`);
    expect(prompt.confirmation?.question).toBe(
      `Delete room "Doomed" (${roomId})? Everyone in it leaves the room.`,
    );
    return { id, roomId };
  }

  it('only the user who asked can confirm, and only once', async () => {
    const { id, roomId } = await askToDelete();
    const byOther = await stack.runtime.core.answerConfirmation(id, 'confirm', otherAdmin);
    expect(byOther.text).toBe('Only the person who ran this command can confirm it.');
    expect(stack.emulator.state.room('default', roomId)).toBeDefined();

    const confirmed = await stack.runtime.core.answerConfirmation(id, 'confirm', admin);
    expect(confirmed.title).toBe(`Room deleted: Doomed (${roomId})`);
    expect(stack.emulator.state.room('default', roomId)).toBeUndefined();

    const again = await stack.runtime.core.answerConfirmation(id, 'confirm', admin);
    expect(again.text).toBe('This confirmation was already answered or is unknown.');
    expect(stack.emulator.acceptedCommands.filter((command) => command.type === 'del_room')).toHaveLength(1);
  });

  it('a late confirmation is refused and changes nothing', async () => {
    const { id, roomId } = await askToDelete();
    skewMs += CONFIRM_TIMEOUT_MS + 1;
    const late = await stack.runtime.core.answerConfirmation(id, 'confirm', admin);
    // The configured 300 ms, as a person reads it (it used to say "after 0 s").
    expect(late.text).toBe('This confirmation expired after 300 ms. Run the command again.');
    expect(stack.emulator.state.room('default', roomId)).toBeDefined();
  });

  it('a viewer cannot even ask', async () => {
    const reply = await stack.runtime.core.handleLine('room delete 1', viewer);
    expect(reply.title).toBe('Not allowed');
    expect(reply.confirmation).toBeUndefined();
  });
});
