import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KnownRoom, RoomList } from '../../src/rooms/index.ts';
import { resolveRoom } from '../../src/rooms/resolve-room.ts';

function roomsNamed(names: Record<number, string | undefined>): KnownRoom[] {
  return Object.entries(names).map(([id, name]) =>
    name === undefined
      ? { id: Number(id), sources: ['status-file'] }
      : { id: Number(id), name, sources: ['config'] },
  );
}

function listOf(names: Record<number, string | undefined>): RoomList {
  return { rooms: roomsNamed(names), warnings: [] };
}

const LOBBY_AND_MUSIC = listOf({ 1: 'Lobby', 2: 'Music', 3: 'Help Desk' });

describe('resolveRoom by id', () => {
  it('takes "12" and "#12" as ids, known or not', () => {
    expect(resolveRoom('12', LOBBY_AND_MUSIC)).toEqual({
      kind: 'found',
      id: 12,
      by: 'id',
      known: false,
      warnings: [],
    });
    expect(resolveRoom(' #2 ', LOBBY_AND_MUSIC)).toEqual({
      kind: 'found',
      id: 2,
      name: 'Music',
      by: 'id',
      known: true,
      warnings: [],
    });
  });

  it('says a known room without a name is known', () => {
    expect(resolveRoom('#5', listOf({ 5: undefined }))).toEqual({
      kind: 'found',
      id: 5,
      by: 'id',
      known: true,
      warnings: [],
    });
  });

  it('prefers the id when a room is named with digits', () => {
    const result = resolveRoom('2024', listOf({ 1: '2024', 2024: 'Archive' }));
    expect(result).toMatchObject({ kind: 'found', id: 2024, name: 'Archive', by: 'id' });
  });

  it('takes every non-negative integer, with or without "#"', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.boolean(), (id, withHash) => {
        const result = resolveRoom(`${withHash ? '#' : ''}${id}`, LOBBY_AND_MUSIC);
        expect(result).toMatchObject({ kind: 'found', id, by: 'id' });
      }),
    );
  });

  it('does not take "#" alone, "#-1" or an id beyond the safe range as an id', () => {
    for (const typed of ['#', '#-1', '99999999999999999999', '1 2']) {
      expect(resolveRoom(typed, LOBBY_AND_MUSIC).kind).toBe('unknown');
    }
  });
});

describe('resolveRoom by name', () => {
  it('matches names exactly, ignoring case and surrounding spaces', () => {
    expect(resolveRoom('  help DESK ', LOBBY_AND_MUSIC)).toEqual({
      kind: 'found',
      id: 3,
      name: 'Help Desk',
      by: 'name',
      known: true,
      warnings: [],
    });
    expect(resolveRoom('Help', LOBBY_AND_MUSIC).kind).toBe('unknown');
  });

  it('finds any room by its name in any case', () => {
    const names = fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z &-]{0,10}[A-Za-z]$/), {
      minLength: 1,
      maxLength: 8,
      selector: (name) => name.toLowerCase(),
    });
    fc.assert(
      fc.property(names, fc.nat(), fc.boolean(), (roomNames, pick, upper) => {
        const list: RoomList = {
          rooms: roomNames.map((name, index) => ({ id: index + 1, name, sources: ['config'] })),
          warnings: [],
        };
        const index = pick % roomNames.length;
        const name = roomNames[index] ?? '';
        const typed = ` ${upper ? name.toUpperCase() : name.toLowerCase()}  `;
        expect(resolveRoom(typed, list)).toMatchObject({ kind: 'found', id: index + 1, name, by: 'name' });
      }),
    );
  });

  it('reports every room sharing the name and asks for the id', () => {
    const result = resolveRoom('lobby', listOf({ 1: 'Lobby', 5: 'lobby', 6: 'Music' }));
    expect(result).toEqual({
      kind: 'ambiguous',
      typed: 'lobby',
      candidates: [
        { id: 1, name: 'Lobby' },
        { id: 5, name: 'lobby' },
      ],
      message:
        '2 rooms are called "lobby": "Lobby" (1) and "lobby" (5). Name the room by its id instead, e.g. #1.',
      warnings: [],
    });
  });

  it('suggests the closest name for a typo', () => {
    const result = resolveRoom('Lobyy', LOBBY_AND_MUSIC);
    expect(result).toEqual({
      kind: 'unknown',
      typed: 'Lobyy',
      suggestions: [{ id: 1, name: 'Lobby' }],
      message: 'There is no room called "Lobyy". Did you mean "Lobby" (1)?',
      warnings: [],
    });
  });

  it('suggests closest first, and every room sharing a suggested name', () => {
    const result = resolveRoom('Musik', listOf({ 1: 'Music', 4: 'Musics', 7: 'Music' }));
    expect(result).toMatchObject({
      kind: 'unknown',
      suggestions: [
        { id: 1, name: 'Music' },
        { id: 7, name: 'Music' },
        { id: 4, name: 'Musics' },
      ],
      message: 'There is no room called "Musik". Did you mean "Music" (1), "Music" (7) or "Musics" (4)?',
    });
  });

  it('lists the known rooms when no name is near', () => {
    const result = resolveRoom('Quarterly Planning', listOf({ 1: 'Lobby', 2: 'Music', 5: undefined }));
    expect(result).toMatchObject({
      kind: 'unknown',
      suggestions: [],
      message: 'There is no room called "Quarterly Planning". Known rooms: "Lobby" (1), "Music" (2) and #5.',
    });
  });

  it('shortens a long list of known rooms', () => {
    const many: Record<number, string> = {};
    for (let id = 1; id <= 14; id += 1) many[id] = `Room ${String.fromCharCode(64 + id)}`;
    const result = resolveRoom('Quarterly Planning', listOf(many));
    expect(result.kind === 'unknown' && result.message).toBe(
      'There is no room called "Quarterly Planning". Known rooms: "Room A" (1), "Room B" (2), "Room C" (3), ' +
        '"Room D" (4), "Room E" (5), "Room F" (6), "Room G" (7), "Room H" (8), "Room I" (9), "Room J" (10) and 4 more.',
    );
  });

  it('says when no rooms are known at all', () => {
    expect(resolveRoom('Lobby', listOf({}))).toMatchObject({
      kind: 'unknown',
      message: 'There is no room called "Lobby", and no rooms are known. Name the room by its id, e.g. #12.',
    });
  });

  it('asks for a room when the text is blank', () => {
    expect(resolveRoom('   ', LOBBY_AND_MUSIC)).toEqual({
      kind: 'empty',
      message: 'Name a room by its id (e.g. 12 or #12) or by its name.',
      warnings: [],
    });
  });

  it('passes the list warnings on, so a reply can say the answer may be incomplete', () => {
    const warnings = [
      { source: 'data-api' as const, message: 'Room names from the Data API are unavailable.' },
    ];
    expect(resolveRoom('Lobby', { rooms: LOBBY_AND_MUSIC.rooms, warnings }).warnings).toEqual(warnings);
  });
});
