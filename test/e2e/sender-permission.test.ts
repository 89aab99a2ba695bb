import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../src/permissions/identity.ts';
import { type Stack, startStack } from './harness.ts';

/**
 * `as=` speaks under another name, so it needs `broadcast.as` / `pm.as` besides the operation:
 * through the runtime against the emulator, counting what the chat server received.
 */
const CONFIG = `
roles:
  viewer:    { allow: [status, rooms, who, help] }
  moderator: { includes: [viewer], allow: [broadcast, pm] }
  announcer: { includes: [moderator], allow: ["broadcast.*"] }
  admin:     { allow: ["*"] }
bindings:
  slack: { users: { U0MOD: moderator, U0ANN: announcer, U0ADMIN: admin } }
`;

const request = (userId: string, userName: string): { identity: Identity; channel: string } => ({
  identity: { platform: 'slack', userId, userName, groupIds: [], workspace: 'T1' },
  channel: 'C1',
});
const moderator = request('U0MOD', 'Mo');
const announcer = request('U0ANN', 'Ann');
const admin = request('U0ADMIN', 'Ada');

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(CONFIG);
  stack.emulator.state.join('default', 1, 'Alice');
  await stack.emulator.statusFilesWritten();
});
afterAll(async () => stack?.close());

const sent = () =>
  stack.emulator.acceptedCommands.filter((command) =>
    ['broadcast', 'private_message'].includes(command.type),
  );

describe('as= needs its own permission', () => {
  it('a moderator who may broadcast may not broadcast as "admin": refused with the roles that would allow it', async () => {
    const before = sent().length;
    const reply = await stack.runtime.core.handleLine('broadcast as=admin Free credits for all', moderator);
    expect(reply).toMatchObject({ title: 'Not allowed', severity: 'error', visibility: 'private' });
    expect(reply.text).toBe(
      'You may not use as= in "broadcast" (permission broadcast.as): it needs one of the roles announcer or admin. Your roles: moderator. Nothing was run; without as= you may run it.',
    );
    expect(sent().length).toBe(before);

    const [entry] = await stack.runtime.audit.tail(1);
    expect(entry).toMatchObject({
      userId: 'U0MOD',
      operation: 'broadcast',
      decision: 'denied',
      outcome: 'not_run',
      parameters: { as: 'admin', message: 'Free credits for all' },
    });
    expect(entry?.error).toContain('permission broadcast.as');
  });

  it('the same for typed options (Discord): the check is on the parameter, not on the text line', async () => {
    const before = sent().length;
    const reply = await stack.runtime.core.handleInvocation(
      'broadcast',
      { as: 'admin', message: 'Free credits for all' },
      moderator,
    );
    expect(reply.title).toBe('Not allowed');
    expect(reply.text).toContain('(permission broadcast.as)');
    expect(sent().length).toBe(before);
  });

  it('the same for pm, with pm.as (which broadcast.* does not grant)', async () => {
    const before = sent().length;
    for (const caller of [moderator, announcer]) {
      const reply = await stack.runtime.core.handleLine('pm Alice as=admin Your account is closed', caller);
      expect(reply.title).toBe('Not allowed');
      expect(reply.text).toContain(
        'You may not use as= in "pm" (permission pm.as): it needs the role admin.',
      );
    }
    expect(sent().length).toBe(before);
  });

  it("without as= the message goes out under the caller's own name", async () => {
    expect((await stack.runtime.core.handleLine('broadcast Closing at ten', moderator)).title).toBe(
      'Broadcast sent',
    );
    expect(sent().at(-1)).toMatchObject({
      type: 'broadcast',
      params: { userid: 'Mo', msg: 'Closing at ten' },
    });
    expect((await stack.runtime.core.handleLine('pm Alice Please keep it friendly', moderator)).title).toBe(
      'Private message sent to Alice',
    );
    expect(sent().at(-1)).toMatchObject({
      type: 'private_message',
      params: { dest_uid: 'Alice', owner_uid: 'Mo', owner_nick: 'Mo' },
    });
  });

  it('broadcast.* and * grant it', async () => {
    await stack.runtime.core.handleLine('broadcast as=Staff Welcome, everyone', announcer);
    expect(sent().at(-1)).toMatchObject({
      type: 'broadcast',
      params: { userid: 'Staff', msg: 'Welcome, everyone' },
    });
    await stack.runtime.core.handleLine('pm Alice as=Staff Hello', admin);
    expect(sent().at(-1)).toMatchObject({
      type: 'private_message',
      params: { dest_uid: 'Alice', owner_uid: 'Staff', owner_nick: 'Staff', msg: 'Hello' },
    });
  });

  it('help says which permission as= needs', async () => {
    const reply = await stack.runtime.core.handleLine('help broadcast', moderator);
    expect(reply.fields).toContainEqual({
      label: 'as=name',
      value: 'Name to send as (default: your own name); needs the permission broadcast.as',
    });
  });
});
