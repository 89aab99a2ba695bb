import { describe, expect, it } from 'vitest';
import { ChatState } from '../../src/emulator/chat-state.ts';
import { ChatStateError } from '../../src/emulator/chat-state-error.ts';
import { DEFAULT_ROOM_SETTINGS } from '../../src/emulator/room.ts';

function chatWithRooms(): ChatState {
  const state = new ChatState(['default']);
  state.addRoom('default', { ...DEFAULT_ROOM_SETTINGS, name: 'One', max: 2 }, 1);
  state.addRoom('default', { ...DEFAULT_ROOM_SETTINGS, name: 'Five' }, 5);
  return state;
}

function reasonOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof ChatStateError) return error.reason;
    throw error;
  }
  return 'no refusal';
}

describe('the chat model', () => {
  it('gives a new room the highest id + 1 unless one is asked for, and refuses a taken id', () => {
    const state = chatWithRooms();
    expect(state.addRoom('default', { ...DEFAULT_ROOM_SETTINGS, name: 'Next' }).id).toBe(6);
    expect(state.addRoom('default', { ...DEFAULT_ROOM_SETTINGS, name: 'Three' }, 3).id).toBe(3);
    expect(reasonOf(() => state.addRoom('default', { ...DEFAULT_ROOM_SETTINGS, name: 'Again' }, 5))).toBe(
      'room_id_taken',
    );
    expect(state.rooms('default').map((room) => room.id)).toEqual([1, 3, 5, 6]);
  });

  it('hands out rooms as snapshots that an edit does not change', () => {
    const state = chatWithRooms();
    const before = state.room('default', 1);
    state.editRoom('default', 1, { name: 'Renamed', max: 9 });
    expect(before?.name).toBe('One');
    expect(state.room('default', 1)).toMatchObject({ id: 1, name: 'Renamed', max: 9 });
  });

  it('keeps a user in at most one room, and moves them on join', () => {
    const state = chatWithRooms();
    state.join('default', 1, 'ann');
    state.join('default', 5, 'ann');
    expect(state.roomUsers('default', 1)).toEqual([]);
    expect(state.roomUsers('default', 5)).toEqual(['ann']);
    expect(state.counts('default')).toEqual({ connections: 1, loggedIn: 1, rooms: 2 });
  });

  it('refuses a full room, and a refused join leaves no half-made visitor', () => {
    const state = chatWithRooms();
    state.join('default', 1, 'ann');
    state.join('default', 1, 'ben');
    expect(reasonOf(() => state.join('default', 1, 'cat'))).toBe('room_full');
    expect(state.isOnline('default', 'cat')).toBe(false);
    expect(state.counts('default').connections).toBe(2);
    expect(reasonOf(() => state.join('default', 99, 'cat'))).toBe('room_not_found');
    expect(state.counts('default').connections).toBe(2);
  });

  it('lowering max keeps the users present but lets no one else in', () => {
    const state = chatWithRooms();
    state.join('default', 1, 'ann');
    state.join('default', 1, 'ben');
    state.editRoom('default', 1, { max: 1 });
    expect(state.roomUsers('default', 1)).toEqual(['ann', 'ben']);
    state.leave('default', 1, 'ben');
    expect(reasonOf(() => state.join('default', 1, 'ben'))).toBe('room_full');
  });

  it('refuses a second login under a name already online, and names a room file cannot hold', () => {
    const state = chatWithRooms();
    state.connect('default', 'ann');
    expect(reasonOf(() => state.connect('default', 'ann'))).toBe('user_name_taken');
    expect(reasonOf(() => state.connect('default', 'two\nlines'))).toBe('bad_user_name');
    expect(reasonOf(() => state.connect('default', '  '))).toBe('bad_user_name');
    expect(state.counts('default')).toEqual({ connections: 1, loggedIn: 1, rooms: 2 });
  });

  it('a deleted room sends its users to the lobby, still logged in', () => {
    const state = chatWithRooms();
    state.join('default', 5, 'ann');
    expect(state.deleteRoom('default', 5)).toEqual(['ann']);
    expect(state.onlineUsers('default')).toEqual([{ name: 'ann', roomId: undefined }]);
    expect(reasonOf(() => state.leave('default', 5, 'ann'))).toBe('not_in_room');
  });

  it('reports every change to its listeners, and no refused one', () => {
    const state = chatWithRooms();
    const changes: string[] = [];
    state.onChange((group) => changes.push(group));
    state.join('default', 1, 'ann');
    reasonOf(() => state.join('default', 99, 'ann'));
    state.broadcast('default', 'ops', 'hello');
    state.disconnect('default', 'ann');
    expect(changes).toEqual(['default', 'default']);
  });

  it('refuses an unknown group', () => {
    expect(reasonOf(() => chatWithRooms().rooms('nope'))).toBe('unknown_group');
  });
});
