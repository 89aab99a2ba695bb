import { describe, expect, it } from 'vitest';
import { simulateHistory } from '../../src/emulator/index.ts';

const ROOMS = [
  { id: 1, name: 'Lobby', max: 100 },
  { id: 2, name: 'Music', max: 50 },
];
const DAY = { from: Date.parse('2026-12-03T00:00:00Z'), to: Date.parse('2026-12-03T23:59:00Z') };

describe('a simulated past for charts', () => {
  const minutes = simulateHistory({ rooms: ROOMS, seed: 7, ...DAY });

  it('one sample a minute over the whole span, the same for the same seed', () => {
    expect(minutes).toHaveLength(24 * 60);
    expect(minutes[0]?.at).toBe(DAY.from);
    expect(minutes.at(-1)?.at).toBe(DAY.to);
    expect(simulateHistory({ rooms: ROOMS, seed: 7, ...DAY })).toEqual(minutes);
    expect(simulateHistory({ rooms: ROOMS, seed: 8, ...DAY })).not.toEqual(minutes);
  });

  it('the day has a shape: busier in the evening than in the morning, and people from the start', () => {
    const at = (hour: number) => minutes[hour * 60]?.online.loggedIn ?? 0;
    expect(at(0)).toBeGreaterThan(0);
    expect(at(21)).toBeGreaterThan(3 * at(9));
  });

  it('what it shows holds together: rooms within capacity, room users logged in, counts as the status files give them', () => {
    for (const { online, rooms } of minutes) {
      expect(rooms.get(1) ?? 0).toBeLessThanOrEqual(100);
      expect(rooms.get(2) ?? 0).toBeLessThanOrEqual(50);
      expect((rooms.get(1) ?? 0) + (rooms.get(2) ?? 0)).toBeLessThanOrEqual(online.loggedIn);
      expect(online.loggedIn).toBeLessThanOrEqual(online.connections);
      expect(online.rooms).toBe(2);
    }
  });
});
