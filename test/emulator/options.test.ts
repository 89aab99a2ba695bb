import { describe, expect, it } from 'vitest';
import { type EmulatorOptions, EmulatorOptionsError, startEmulator } from '../../src/emulator/index.ts';
import { resolveOptions } from '../../src/emulator/options.ts';
import { startTestEmulator } from './harness.ts';

describe('emulator options', () => {
  it('default to the manual: port 51127, HTTP 35555, its password, loopback only, demo rooms', () => {
    const resolved = resolveOptions({ dataDir: 'data' });
    expect(resolved).toMatchObject({
      host: '127.0.0.1',
      port: 51127,
      httpPort: 35555,
      password: '3874-3459-9999-2199',
      allow: ['127.0.0.1'],
      groups: ['default'],
      simulate: false,
      idleTimeoutMs: 60_000,
      maxCommandBytes: 1024 * 1024,
    });
    expect(resolved.rooms[0]).toMatchObject({
      group: 'default',
      id: 1,
      settings: { name: 'General Test', max: 200 },
    });
    expect(resolveOptions({ dataDir: 'd', simulate: {} }).simulate).toEqual({ seed: 1, eventsPerSecond: 2 });
  });

  it.each<[string, Partial<EmulatorOptions>]>([
    ['a port out of range', { port: 70_000 }],
    ['an allow entry that is not an address', { allow: ['localhost'] }],
    ['a group name that is a path', { groups: ['../etc'] }],
    ['a group listed twice', { groups: ['a', 'a'] }],
    ['a room in no known group', { rooms: [{ name: 'x', group: 'vip' }] }],
    [
      'a room id used twice',
      {
        rooms: [
          { id: 1, name: 'x' },
          { id: 1, name: 'y' },
        ],
      },
    ],
    ['a room without a name', { rooms: [{ name: ' ' }] }],
    ['a simulation rate of 0', { simulate: { eventsPerSecond: 0 } }],
  ])('refuse %s', async (_label, options) => {
    await expect(
      startEmulator({ dataDir: 'unused', port: 0, httpPort: 0, ...options }),
    ).rejects.toBeInstanceOf(EmulatorOptionsError);
  });

  it('give rooms without an id the ids left after the rooms that ask for one', async () => {
    const chat = await startTestEmulator({ rooms: [{ name: 'auto' }, { id: 1, name: 'fixed' }] });
    try {
      expect(chat.emulator.state.rooms('default').map((room) => [room.id, room.name])).toEqual([
        [1, 'fixed'],
        [2, 'auto'],
      ]);
    } finally {
      await chat.close();
    }
  });
});
