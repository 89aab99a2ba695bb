import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { buildChatCommand, sameCommands } from '../../../adapters/discord/index.ts';
import { describeError, redact } from '../../../adapters/discord/redact.ts';
import { roomChoices } from '../../../adapters/discord/room-choices.ts';
import { ExpiringMap } from '../../../adapters/shared/expiring-map.ts';
import { CATALOGUE } from '../../../src/catalogue/catalogue.ts';

describe('the expiring cache', () => {
  it('forgets after its time and keeps at most maxEntries, the oldest leaving first', () => {
    let now = 0;
    const cache = new ExpiringMap<string, number>({ maxEntries: 2, ttlMs: 100, now: () => now });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
    cache.set('d', 4, 1000);
    now = 101;
    expect([cache.get('c'), cache.get('d')]).toEqual([undefined, 4]);
    expect(cache.size).toBe(1);
  });
});

describe('room choices for autocomplete', () => {
  const rooms = [
    { id: 1, name: 'Lobby' },
    { id: 12, name: 'Help Desk' },
    { id: 3, name: 'lobby bar' },
    { id: 21, name: 'The Lobby' },
  ];
  it('by name anywhere in it, any case, starting matches first; by id with or without #', () => {
    expect(roomChoices(rooms, 'LOB').map((choice) => choice.value)).toEqual(['#1', '#3', '#21']);
    expect(roomChoices(rooms, '#1').map((choice) => choice.name)).toEqual(['Help Desk (12)', 'Lobby (1)']);
    expect(roomChoices(rooms, 'zzz')).toEqual([]);
  });
  it('at most 25, names cut to 100 characters', () => {
    const many = Array.from({ length: 60 }, (_, index) => ({
      id: index,
      name: `${'x'.repeat(120)}${index}`,
    }));
    const choices = roomChoices(many, '');
    expect(choices).toHaveLength(25);
    for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);
  });
});

describe('comparing registered commands', () => {
  const ours = [buildChatCommand(CATALOGUE)];
  it('Discord’s copy, with its ids, versions and defaults, counts as the same', () => {
    const theirs = JSON.parse(JSON.stringify(ours), (key, value) =>
      key === 'required' && value === false ? undefined : value,
    );
    theirs[0].id = '1';
    theirs[0].version = '2';
    theirs[0].default_member_permissions = null;
    expect(sameCommands(theirs, ours)).toBe(true);
  });
  it('a changed description, a missing option, or nothing registered counts as different', () => {
    const changed = structuredClone(ours);
    changed[0] = { ...changed[0], description: 'old' } as (typeof ours)[0];
    expect(sameCommands(changed, ours)).toBe(false);
    const fewer = structuredClone(ours);
    fewer[0]?.options?.pop();
    expect(sameCommands(fewer, ours)).toBe(false);
    expect(sameCommands([], ours)).toBe(false);
    expect(sameCommands('not a list', ours)).toBe(false);
  });
});

describe('text and errors', () => {
  it('secrets are masked, and API errors keep status and code but not the URL', () => {
    expect(redact('a TOKEN b TOKEN', ['TOKEN', undefined, ''])).toBe('a [redacted] b [redacted]');
    const error = new DiscordAPIError(
      { code: 10062, message: 'Unknown interaction' },
      10062,
      404,
      'POST',
      'https://discord.com/api/v10/interactions/1/SECRET-TOKEN/callback',
      { body: undefined, files: undefined },
    );
    const line = describeError(error, ['SECRET-TOKEN']);
    expect(line).toBe('Unknown interaction (HTTP 404, code 10062)');
  });
});
