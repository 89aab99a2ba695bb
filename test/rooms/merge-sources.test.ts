import { describe, expect, it } from 'vitest';
import { mergeRoomSources } from '../../src/rooms/merge-sources.ts';

describe('mergeRoomSources', () => {
  it('unites ids, names each room from the Data API, then config, then the remembered file', () => {
    const rooms = mergeRoomSources({
      dataApi: [
        { id: 1, name: 'General', capacity: 200, userCount: 3 },
        { id: 4, name: '', capacity: 30, userCount: undefined },
      ],
      configured: new Map([
        [1, 'Lobby'],
        [4, 'Lounge'],
        [6, 'Archive'],
      ]),
      remembered: new Map([
        [1, 'Old Lobby'],
        [6, 'Old Archive'],
        [12, 'Q&A'],
      ]),
      statusFileIds: [12, 1, 9],
    });
    expect(rooms).toEqual([
      {
        id: 1,
        name: 'General',
        capacity: 200,
        userCount: 3,
        sources: ['data-api', 'config', 'remembered', 'status-file'],
      },
      // An empty Data API name is no name: the configured one is used.
      { id: 4, name: 'Lounge', capacity: 30, sources: ['data-api', 'config'] },
      { id: 6, name: 'Archive', sources: ['config', 'remembered'] },
      { id: 9, sources: ['status-file'] },
      { id: 12, name: 'Q&A', sources: ['remembered', 'status-file'] },
    ]);
  });

  it('lists nothing when no source knows a room', () => {
    expect(
      mergeRoomSources({
        dataApi: undefined,
        configured: new Map(),
        remembered: new Map(),
        statusFileIds: [],
      }),
    ).toEqual([]);
  });
});
