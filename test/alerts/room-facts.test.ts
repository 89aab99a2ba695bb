import { describe, expect, it } from 'vitest';
import { RoomFactsCache } from '../../src/alerts/room-facts.ts';
import type { KnownRoom } from '../../src/rooms/index.ts';

/** The rooms' names and capacities the rules use: configured capacities, then the directory's. */

const LOBBY: KnownRoom = { id: 1, name: 'Lobby', capacity: 100, sources: ['data-api'] };
const MUSIC: KnownRoom = { id: 2, name: 'Music', sources: ['remembered'] };

function cacheWith(answers: Array<readonly KnownRoom[] | Error>, wanted = true) {
  let now = 1_000;
  let revision = 0;
  const log: string[] = [];
  let changes = 0;
  let asked = 0;
  const cache = new RoomFactsCache({
    directory: {
      list: async () => {
        asked += 1;
        const answer = answers.shift() ?? [];
        if (answer instanceof Error) throw answer;
        return { rooms: [...answer], warnings: [] };
      },
      revision: () => revision,
    },
    capacities: new Map([[2, 40]]),
    wanted,
    refreshMs: 5_000,
    unknownRoomRefreshMs: 1_000,
    now: () => now,
    log: (line) => log.push(line),
    onChange: () => {
      changes += 1;
    },
  });
  return {
    cache,
    log,
    changes: () => changes,
    asked: () => asked,
    pass: (ms: number) => {
      now += ms;
    },
    editRoom: () => {
      revision += 1;
    },
  };
}

describe('RoomFactsCache', () => {
  it('starts from the configured capacities, then takes the directory’s names and capacities (configured where it has none)', async () => {
    const t = cacheWith([[LOBBY, MUSIC]]);
    expect(t.cache.facts).toEqual(new Map([[2, { capacity: 40 }]]));
    await t.cache.refresh();
    expect(t.cache.facts).toEqual(
      new Map([
        [2, { name: 'Music', capacity: 40 }],
        [1, { name: 'Lobby', capacity: 100 }],
      ]),
    );
    expect(t.changes()).toBe(1);
  });

  it('asks again only once its answer is older than refreshMs, and tells of a change only when there is one', async () => {
    const t = cacheWith([[LOBBY], [LOBBY], [LOBBY, MUSIC]]);
    await Promise.all([t.cache.refresh(), t.cache.refresh()]);
    expect(t.asked()).toBe(1);
    t.pass(4_999);
    await t.cache.refresh();
    expect(t.asked()).toBe(1);
    t.pass(1);
    await t.cache.refresh();
    expect([t.asked(), t.changes()]).toEqual([2, 1]);
    t.pass(5_000);
    await t.cache.refresh();
    expect([t.asked(), t.changes()]).toEqual([3, 2]);
  });

  it('a directory that fails is logged and the facts stay as they were; it is asked again after unknownRoomRefreshMs, not at every refresh', async () => {
    const t = cacheWith([new Error('the Data API did not answer'), [LOBBY]]);
    await t.cache.refresh();
    expect(t.log).toEqual(['alerts: could not list the rooms: the Data API did not answer']);
    expect(t.cache.facts).toEqual(new Map([[2, { capacity: 40 }]]));
    t.pass(999);
    await t.cache.refresh();
    expect([t.asked(), t.log.length]).toEqual([1, 1]);
    t.pass(1);
    await t.cache.refresh();
    expect(t.asked()).toBe(2);
    expect(t.cache.facts.get(1)).toEqual({ name: 'Lobby', capacity: 100 });
  });

  it('the bot changed a room (the directory’s revision went up): asked again at once', async () => {
    const t = cacheWith([[LOBBY], [{ ...LOBBY, name: 'Main Lobby' }]]);
    await t.cache.refresh();
    t.pass(10);
    await t.cache.refresh();
    expect(t.asked()).toBe(1);
    t.editRoom();
    await t.cache.refresh();
    expect(t.asked()).toBe(2);
    expect(t.cache.facts.get(1)).toEqual({ name: 'Main Lobby', capacity: 100 });
  });

  it('a room the facts do not know, seen in the status, has the directory asked once unknownRoomRefreshMs has passed; a room no source names is not asked about again', async () => {
    const t = cacheWith([[LOBBY], [LOBBY, MUSIC], [LOBBY, MUSIC]]);
    await t.cache.refresh([1]);
    t.pass(500);
    await t.cache.refresh([1, 2, 9]);
    expect(t.asked()).toBe(1);
    t.pass(500);
    await t.cache.refresh([1]);
    expect(t.asked()).toBe(2);
    expect(t.cache.facts.get(2)).toEqual({ name: 'Music', capacity: 40 });
    // Room 9 has no name anywhere: it was asked about, and brings no further refresh.
    t.pass(2_000);
    await t.cache.refresh([9]);
    expect(t.asked()).toBe(2);
    // Asked again when the answer is old (refreshMs).
    t.pass(3_000);
    await t.cache.refresh([9]);
    expect(t.asked()).toBe(3);
  });

  it('no rule about rooms: the directory is never asked', async () => {
    const t = cacheWith([[LOBBY]], false);
    await t.cache.refresh();
    expect(t.asked()).toBe(0);
  });
});
