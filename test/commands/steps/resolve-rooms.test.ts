import { describe, expect, it, vi } from 'vitest';
import { defineOperation } from '../../../src/catalogue/operation.ts';
import { kinds, optionalPositional } from '../../../src/catalogue/param.ts';
import type { Attempt } from '../../../src/commands/attempt.ts';
import { runSteps } from '../../../src/commands/run-steps.ts';
import { parseArgumentsStep } from '../../../src/commands/steps/parse-arguments.ts';
import { resolveRoomsStep } from '../../../src/commands/steps/resolve-rooms.ts';
import { validateStep } from '../../../src/commands/steps/validate.ts';
import type { RoomResolution } from '../../../src/rooms/index.ts';
import { resolveRoom } from '../../../src/rooms/resolve-room.ts';
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

/** A room, then an optional positional after it, as `/chat stats [room] [period]` has. */
const chart = defineOperation({
  name: 'chart',
  words: ['chart'],
  summary: 'Charts a room',
  params: {
    room: optionalPositional(kinds.room(), 'The room'),
    span: optionalPositional(kinds.choice(['day', 'week']), 'How far back'),
  },
  examples: [],
  destructive: false,
  changesChat: false,
  run: async () => CONTINUED,
});

/** A directory of these rooms, resolving names as the real one does. */
function directoryOf(names: Readonly<Record<number, string>>) {
  const rooms = Object.entries(names).map(([id, name]) => ({
    id: Number(id),
    name,
    sources: ['config' as const],
  }));
  return { resolve: vi.fn(async (typed: string) => resolveRoom(typed, { rooms, warnings: [] })) };
}

/** A typed `chart …` line read, checked and its rooms resolved, as the command path does. */
async function chartLine(line: string, names: Readonly<Record<number, string>>) {
  const text = ` ${line}`;
  const attempt: Attempt = attemptOf({ operation: chart, args: { text, from: ' chart'.length } });
  const rooms = directoryOf(names);
  const reply = await runSteps(
    [parseArgumentsStep, validateStep, resolveRoomsStep(rooms), { name: 'end', run: nextStep() }],
    attempt,
  );
  return { reply, attempt, asked: rooms.resolve.mock.calls.map(([typed]) => typed) };
}

describe('the resolve-rooms step, for a room typed without quotes before an optional positional', () => {
  it('takes every word when they name a room, though the last is no value of the next parameter', async () => {
    const { reply, attempt } = await chartLine('chart Help Desk', { 1: 'Help', 3: 'Help Desk' });
    expect(reply).toBe(CONTINUED);
    expect(attempt.params).toEqual({ room: { id: 3, name: 'Help Desk' } });
  });

  it('takes every word when they name a room, though the last is a value of the next parameter', async () => {
    const { reply, attempt } = await chartLine('chart help desk week', {
      1: 'Help Desk',
      5: 'Help Desk Week',
    });
    expect(reply).toBe(CONTINUED);
    expect(attempt.params).toEqual({ room: { id: 5, name: 'Help Desk Week' } });
    expect(attempt.values).toEqual({ room: 'help desk week' });
  });

  it('leaves a valid last word to its parameter when every word names no room', async () => {
    const { reply, attempt, asked } = await chartLine('chart Help Desk week', { 3: 'Help Desk' });
    expect(reply).toBe(CONTINUED);
    expect(attempt.params).toEqual({ room: { id: 3, name: 'Help Desk' }, span: 'week' });
    expect(asked).toEqual(['Help Desk week', 'Help Desk']);
  });

  it('refuses a bad value after a known room as the validation would, with the usage', async () => {
    const { reply, attempt } = await chartLine('chart Lobby month', { 1: 'Lobby' });
    expect(reply).toMatchObject({
      title: 'Cannot run /chat chart',
      text: 'Span must be one of: day, week.\nUsage: /chat chart [room] [span]',
    });
    expect(attempt.decision).toBe('invalid');
  });

  it('names the nearest rooms for words that name no room either way', async () => {
    const { reply, attempt } = await chartLine('chart Help Dsk', { 1: 'Help Desk' });
    expect(reply).toMatchObject({ text: expect.stringContaining('"Help Dsk"') });
    expect(reply.text).toContain('Help Desk');
    expect(attempt.decision).toBe('invalid');
  });

  it('resolves one room, one word, or no room, as before', async () => {
    expect((await chartLine('chart Lobby', { 1: 'Lobby' })).attempt.params).toEqual({
      room: { id: 1, name: 'Lobby' },
    });
    expect((await chartLine('chart Lobby day', { 1: 'Lobby' })).attempt.params).toEqual({
      room: { id: 1, name: 'Lobby' },
      span: 'day',
    });
    const none = await chartLine('chart', { 1: 'Lobby' });
    expect(none.reply).toBe(CONTINUED);
    expect(none.asked).toEqual([]);
  });
});
