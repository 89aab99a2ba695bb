import { vi } from 'vitest';
import { defineOperation, type OperationContext } from '../../../src/catalogue/operation.ts';
import { kinds, option, positional, rest, withOwnPermission } from '../../../src/catalogue/param.ts';
import type { CoreServices } from '../../../src/catalogue/services.ts';
import type { Attempt } from '../../../src/commands/attempt.ts';
import type { AccessPolicy } from '../../../src/permissions/index.ts';
import type { Reply } from '../../../src/replies/reply.ts';

/** What the step after the one under test answers: seeing it means the step went on. */
export const CONTINUED: Reply = { title: 'continued', severity: 'info', visibility: 'private' };

export function nextStep() {
  return vi.fn(() => Promise.resolve(CONTINUED));
}

export function attemptOf(init: Partial<Attempt> = {}): Attempt {
  return {
    meta: { identity: { platform: 'console', userId: 'ada', groupIds: [] } },
    startedAt: 0,
    values: {},
    decision: 'allowed',
    outcome: 'not_run',
    ...init,
  };
}

/** A policy that grants exactly these keys to everyone, and explains a denial as a viewer's. */
export function policyAllowing(...keys: string[]): AccessPolicy {
  return {
    rolesOf: () => ['viewer'],
    decide: (_identity, key) =>
      keys.includes(key)
        ? { allowed: true, grantedBy: 'tester' }
        : { allowed: false, heldRoles: ['viewer'], rolesThatWouldAllow: ['admin'] },
    permittedKeys: () => keys,
  };
}

export function contextOf(attempt: Attempt): OperationContext {
  return { identity: attempt.meta.identity, services: {} as CoreServices };
}

export const say = defineOperation({
  name: 'say',
  words: ['say'],
  summary: 'Says something',
  params: {
    as: withOwnPermission(option(kinds.text(20, 'name'), 'Who says it')),
    message: rest(kinds.requiredText(100, 'message'), 'What to say'),
  },
  examples: [],
  destructive: false,
  changesChat: true,
  run: async ({ message }) => ({ title: 'Said', text: message, severity: 'success', visibility: 'channel' }),
});

export const drop = defineOperation({
  name: 'room.drop',
  words: ['room', 'drop'],
  summary: 'Drops a room',
  params: { room: positional(kinds.room(), 'The room') },
  examples: [],
  destructive: true,
  changesChat: true,
  confirmQuestion: ({ room }) => `Drop room ${room.id}?`,
  run: async ({ room }) => ({ title: `Dropped ${room.id}`, severity: 'success', visibility: 'channel' }),
});

export const open = defineOperation({
  name: 'room.open',
  words: ['room', 'open'],
  summary: 'Opens a room',
  params: { name: positional(kinds.requiredText(50, 'name'), 'Its name') },
  examples: [],
  destructive: false,
  changesChat: true,
  confirmIf: async ({ name }) => (name === 'Music' ? 'A room called Music exists. Open another?' : undefined),
  run: async ({ name }) => ({ title: `Opened ${name}`, severity: 'success', visibility: 'private' }),
});

export const CATALOGUE = [say, drop, open];
