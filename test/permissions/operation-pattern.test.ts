import { describe, expect, it } from 'vitest';
import { keysMatching, patternMatches, patternSuggestions } from '../../src/permissions/operation-pattern.ts';
import { PERMISSION_KEYS } from '../config/fixtures.ts';

describe('operation patterns', () => {
  it('match exact keys only, without a wildcard', () => {
    expect(keysMatching('room.add', PERMISSION_KEYS)).toEqual(['room.add']);
    expect(keysMatching('room', PERMISSION_KEYS)).toEqual([]);
    expect(keysMatching('room.ad', PERMISSION_KEYS)).toEqual([]);
  });

  it('match every key under a prefix with prefix.*, on a whole segment', () => {
    expect(keysMatching('room.*', PERMISSION_KEYS)).toEqual(['room.add', 'room.edit', 'room.delete']);
    expect(keysMatching('group.*', PERMISSION_KEYS)).toEqual(['group.start', 'group.stop']);
    expect(patternMatches('room.*', 'rooms')).toBe(false);
    expect(patternMatches('room.*', 'room.add.extra')).toBe(true);
  });

  it('match everything with *, and nothing with other wildcards', () => {
    expect(keysMatching('*', PERMISSION_KEYS)).toEqual(PERMISSION_KEYS);
    expect(keysMatching('*.add', PERMISSION_KEYS)).toEqual([]);
    expect(keysMatching('room*', PERMISSION_KEYS)).toEqual([]);
  });

  it('suggest keys and prefix patterns, never *', () => {
    expect(patternSuggestions(['a.b.c', 'status'])).toEqual(['a.b.c', 'status', 'a.*', 'a.b.*']);
  });
});
