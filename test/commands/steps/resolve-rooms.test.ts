import { describe, expect, it, vi } from 'vitest';
import { resolveRoomsStep } from '../../../src/commands/steps/resolve-rooms.ts';
import type { RoomResolution } from '../../../src/rooms/index.ts';
import { attemptOf, CONTINUED, drop, nextStep, say } from './fixtures.ts';

function directory(resolution: RoomResolution) {
  return { resolve: vi.fn(async (_typed: string) => resolution) };
}

describe('the resolve-rooms step', () => {
  it('passes on with each room named as the room it is', async () => {
    const rooms = directory({
      kind: 'found',
      id: 12,
      name: 'Help Desk',
      by: 'name',
      known: true,
      warnings: [],
    });
    const attempt = attemptOf({ operation: drop, params: { room: 'Help Desk' } });
    const next = nextStep();
    expect(await resolveRoomsStep(rooms).run(attempt, next)).toBe(CONTINUED);
    expect(rooms.resolve).toHaveBeenCalledWith('Help Desk');
    expect(attempt.params).toEqual({ room: { id: 12, name: 'Help Desk' } });
  });

  it('passes on at once, asking nothing, for an operation without rooms', async () => {
    const rooms = directory({ kind: 'empty', message: 'no rooms', warnings: [] });
    const next = nextStep();
    expect(await resolveRoomsStep(rooms).run(attemptOf({ operation: say, params: {} }), next)).toBe(
      CONTINUED,
    );
    expect(rooms.resolve).not.toHaveBeenCalled();
  });

  it('stops a room it cannot find, as invalid with the usage', async () => {
    const rooms = directory({
      kind: 'unknown',
      typed: 'Help Dsek',
      suggestions: [],
      message: 'no room is called "Help Dsek"',
      warnings: [],
    });
    const attempt = attemptOf({ operation: drop, params: { room: 'Help Dsek' } });
    const next = nextStep();
    const reply = await resolveRoomsStep(rooms).run(attempt, next);
    expect(next).not.toHaveBeenCalled();
    expect(reply).toMatchObject({
      title: 'Cannot run /chat room drop',
      text: 'No room is called "Help Dsek".\nUsage: /chat room drop <room>',
    });
    expect(attempt.decision).toBe('invalid');
  });
});
