import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CONFIG, type Stack, startStack } from './harness.ts';

/** Moderators type room names as they see them, spaces and all. */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack(ADMIN_CONFIG, [
    { id: 3, name: 'Help Desk', max: 20 },
    { id: 4, name: 'Quiz Night', max: 20 },
  ]);
  stack.emulator.state.join('default', 3, 'hana');
  await stack.emulator.statusFilesWritten();
});
afterAll(async () => stack?.close());

describe('room names with spaces, unquoted', () => {
  it('/chat who Help Desk shows that room', async () => {
    const out = await stack.console(['/chat who Help Desk']);
    expect(out).toContain('Who is in Help Desk (3)');
    expect(out).toContain('hana');
  });

  it('/chat room delete Quiz Night asks about that room, and deletes it once confirmed', async () => {
    const out = await stack.console(['/chat room delete Quiz Night', 'yes']);
    expect(out).toContain('Quiz Night');
    expect(
      stack.emulator.acceptedCommands.filter((command) => command.type === 'del_room').at(-1)?.params,
    ).toMatchObject({
      room_id: '4',
    });
  });

  it('a name that is no room gets the nearest names', async () => {
    const out = await stack.console(['/chat who Help Dsk']);
    expect(out).toContain('There is no room called "Help Dsk"');
    expect(out).toContain('Help Desk');
  });
});
