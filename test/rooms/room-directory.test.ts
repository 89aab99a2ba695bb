import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDataApiClient } from '../../src/data-api/index.ts';
import { MANUAL_PASSWORD } from '../../src/emulator/index.ts';
import {
  createRoomDirectory,
  type RoomDirectoryOptions,
  storedRememberedRooms,
} from '../../src/rooms/index.ts';
import { openStateStore, type StateStore } from '../../src/state/index.ts';
import { filesStatusSource, groupStatusFolder } from '../../src/status/index.ts';
import { ServerApiClient } from '../../src/transport/server-api-client.ts';
import { startTestEmulator, type TestEmulator } from '../emulator/harness.ts';
import { useTempFolders } from '../status/temp-folder.ts';
import { type CountingProxy, closedPort, startCountingProxy } from './counting-proxy.ts';

const makeFolder = useTempFolders();

let chat: TestEmulator;
let stateDir: string;
let state: StateStore;

beforeEach(async () => {
  // The emulator's demo rooms: 1 General Test, 2 Music, 3 Help Desk, 4 Members Lounge.
  chat = await startTestEmulator();
  stateDir = join(await makeFolder(), 'state');
  state = (await openStateStore({ store: 'sqlite', dir: stateDir })).store;
});

afterEach(async () => {
  await state.close();
  await chat.close();
});

/** The remembered names as the runtime keeps them: in the state store, for group default. */
function rememberedIn(store: StateStore) {
  return storedRememberedRooms({ records: store.rooms, group: 'default', onError: () => {} });
}

/** A restart: the state store opened anew on the same file. */
async function restart(): Promise<void> {
  await state.close();
  state = (await openStateStore({ store: 'sqlite', dir: stateDir })).store;
}

function directory(options: Partial<RoomDirectoryOptions> & { withDataApi?: boolean } = {}) {
  const { withDataApi = true, ...rest } = options;
  return createRoomDirectory({
    ...(withDataApi
      ? { dataApi: createDataApiClient({ baseUrl: `http://127.0.0.1:${chat.emulator.httpPort}` }) }
      : {}),
    configuredNames: {},
    remembered: rememberedIn(state),
    extraRoomIds: () => filesStatusSource(groupStatusFolder(chat.dataDir, 'default')).extraRoomIds(),
    ...rest,
  });
}

describe('list()', () => {
  it('names rooms from the Data API, with capacity and users, and their status files', async () => {
    const group = chat.emulator.state;
    group.join('default', 2, 'alice');
    group.join('default', 2, 'bob');
    await chat.emulator.statusFilesWritten();
    expect(await directory().list()).toEqual({
      rooms: [
        { id: 1, name: 'General Test', capacity: 200, userCount: 0, sources: ['data-api', 'status-file'] },
        { id: 2, name: 'Music', capacity: 50, userCount: 2, sources: ['data-api', 'status-file'] },
        { id: 3, name: 'Help Desk', capacity: 10, userCount: 0, sources: ['data-api', 'status-file'] },
        { id: 4, name: 'Members Lounge', capacity: 30, userCount: 0, sources: ['data-api', 'status-file'] },
      ],
      warnings: [],
    });
  });

  it('names rooms from the configuration when there is no Data API, ids from the status files', async () => {
    const rooms = directory({ withDataApi: false, configuredNames: { '1': 'Lobby', '9': 'Archive' } });
    expect(await rooms.list()).toEqual({
      rooms: [
        { id: 1, name: 'Lobby', sources: ['config', 'status-file'] },
        { id: 2, sources: ['status-file'] },
        { id: 3, sources: ['status-file'] },
        { id: 4, sources: ['status-file'] },
        { id: 9, name: 'Archive', sources: ['config'] },
      ],
      warnings: [],
    });
  });

  it('accepts configured names as a map of ids', async () => {
    const rooms = directory({ withDataApi: false, configuredNames: new Map([[3, 'Support']]) });
    expect((await rooms.list()).rooms[2]).toEqual({
      id: 3,
      name: 'Support',
      sources: ['config', 'status-file'],
    });
  });

  it('refuses configured names whose keys are not room ids', () => {
    expect(() => directory({ configuredNames: { lobby: 'Lobby' } })).toThrow(TypeError);
    expect(() => directory({ configuredNames: { '01': 'Lobby' } })).toThrow(/room id/);
    expect(() => directory({ configuredNames: { '1': '  ' } })).toThrow(/empty/);
  });

  it('takes the Data API name over the configured one, and the configured one over the remembered one', async () => {
    await directory().remember(1, 'Remembered One');
    await directory().remember(3, 'Remembered Three');
    await directory().remember(12, 'Q&A');
    const configuredNames = { '1': 'Lobby', '3': 'Support' };

    const withApi = await directory({ configuredNames }).list();
    expect(withApi.rooms.filter((room) => [1, 3, 12].includes(room.id))).toEqual([
      {
        id: 1,
        name: 'General Test',
        capacity: 200,
        userCount: 0,
        sources: ['data-api', 'config', 'remembered', 'status-file'],
      },
      {
        id: 3,
        name: 'Help Desk',
        capacity: 10,
        userCount: 0,
        sources: ['data-api', 'config', 'remembered', 'status-file'],
      },
      { id: 12, name: 'Q&A', sources: ['remembered'] },
    ]);

    const withoutApi = await directory({ withDataApi: false, configuredNames: { '1': 'Lobby' } }).list();
    expect(withoutApi.rooms.map((room) => [room.id, room.name])).toEqual([
      [1, 'Lobby'],
      [2, undefined],
      [3, 'Remembered Three'],
      [4, undefined],
      [12, 'Q&A'],
    ]);
  });

  it('falls back to the other sources with a warning when the Data API is down', async () => {
    const port = await closedPort();
    const rooms = directory({
      dataApi: createDataApiClient({ baseUrl: `http://127.0.0.1:${port}` }),
      configuredNames: { '2': 'Tunes' },
    });
    const list = await rooms.list();
    expect(list.rooms).toEqual([
      { id: 1, sources: ['status-file'] },
      { id: 2, name: 'Tunes', sources: ['config', 'status-file'] },
      { id: 3, sources: ['status-file'] },
      { id: 4, sources: ['status-file'] },
    ]);
    expect(list.warnings).toEqual([
      {
        source: 'data-api',
        message: `Room names from the Data API are unavailable: the Data API at 127.0.0.1:${port}/rooms.xml is unreachable (connection refused).`,
      },
    ]);
    const resolved = await rooms.resolve('tunes');
    expect(resolved).toMatchObject({ kind: 'found', id: 2, name: 'Tunes', warnings: list.warnings });
  });

  it('falls back when the emulator stops after a first answer', async () => {
    const rooms = directory({ cacheMs: 0 });
    expect((await rooms.list()).warnings).toEqual([]);
    await chat.emulator.stop();
    const list = await rooms.list();
    expect(list.warnings.map((warning) => warning.source)).toEqual(['data-api']);
    // The status files stay behind on disk, so the ids are still known.
    expect(list.rooms.map((room) => room.id)).toEqual([1, 2, 3, 4]);
  });

  it('warns when the status folder is missing', async () => {
    const missing = join(await makeFolder(), 'no-such-group');
    const list = await directory({ extraRoomIds: () => filesStatusSource(missing).extraRoomIds() }).list();
    expect(list.rooms).toHaveLength(4);
    expect(list.warnings).toEqual([
      {
        source: 'status-file',
        message: `The status folder ${missing} does not exist, so rooms are listed without it.`,
      },
    ]);
  });
});

describe('resolve()', () => {
  it('takes 12 and #12 as ids, with the name when the room is known', async () => {
    const rooms = directory();
    expect(await rooms.resolve('#3')).toEqual({
      kind: 'found',
      id: 3,
      name: 'Help Desk',
      by: 'id',
      known: true,
      warnings: [],
    });
    expect(await rooms.resolve('12')).toEqual({
      kind: 'found',
      id: 12,
      by: 'id',
      known: false,
      warnings: [],
    });
  });

  it('matches names from the Data API case-insensitively', async () => {
    const rooms = directory();
    expect(await rooms.resolve('  help DESK')).toMatchObject({ kind: 'found', id: 3, name: 'Help Desk' });
    expect(await rooms.resolve('MUSIC')).toMatchObject({ kind: 'found', id: 2, name: 'Music' });
  });

  it('reports two rooms with one name as ambiguous, across sources too', async () => {
    await chat.close();
    chat = await startTestEmulator({
      rooms: [
        { id: 1, name: 'Lobby' },
        { id: 5, name: 'Lobby' },
        { id: 6, name: 'Music' },
      ],
    });
    const rooms = directory({ configuredNames: { '9': 'music' } });
    expect(await rooms.resolve('lobby')).toEqual({
      kind: 'ambiguous',
      typed: 'lobby',
      candidates: [
        { id: 1, name: 'Lobby' },
        { id: 5, name: 'Lobby' },
      ],
      message:
        '2 rooms are called "lobby": "Lobby" (1) and "Lobby" (5). Name the room by its id instead, e.g. #1.',
      warnings: [],
    });
    expect(await rooms.resolve('Music')).toMatchObject({
      kind: 'ambiguous',
      candidates: [
        { id: 6, name: 'Music' },
        { id: 9, name: 'music' },
      ],
    });
  });

  it('suggests close names for an unknown one, or lists the rooms when none is close', async () => {
    const rooms = directory();
    expect(await rooms.resolve('Musc')).toEqual({
      kind: 'unknown',
      typed: 'Musc',
      suggestions: [{ id: 2, name: 'Music' }],
      message: 'There is no room called "Musc". Did you mean "Music" (2)?',
      warnings: [],
    });
    expect(await rooms.resolve('Quarterly Planning')).toMatchObject({
      kind: 'unknown',
      suggestions: [],
      message:
        'There is no room called "Quarterly Planning". Known rooms: "General Test" (1), "Music" (2), ' +
        '"Help Desk" (3) and "Members Lounge" (4).',
    });
  });
});

describe('remembered rooms', () => {
  it('survive a restart (a new directory on the same state store) and can be forgotten', async () => {
    const first = directory({ withDataApi: false });
    expect(await first.remember(12, 'Q&A')).toEqual({ ok: true });
    expect(await first.remember(14, 'Office Hours')).toEqual({ ok: true });

    await restart();
    const afterRestart = directory({ withDataApi: false });
    expect(await afterRestart.resolve('q&a')).toMatchObject({
      kind: 'found',
      id: 12,
      name: 'Q&A',
      by: 'name',
    });
    expect(await afterRestart.forget(12)).toEqual({ ok: true });

    await restart();
    const afterSecondRestart = directory({ withDataApi: false });
    const list = await afterSecondRestart.list();
    expect(list.rooms.filter((room) => room.sources.includes('remembered'))).toEqual([
      { id: 14, name: 'Office Hours', sources: ['remembered'] },
    ]);
    // The names are in the state store alone: the file of earlier releases is not written.
    await expect(access(join(stateDir, 'rooms.json'))).rejects.toThrow(/ENOENT/);
  });

  it('a name kept through another directory on the store (another instance) resolves at once, cache or not', async () => {
    const rooms = directory({ withDataApi: false });
    expect(await rooms.resolve('Garden')).toMatchObject({ kind: 'unknown' });
    await directory({ withDataApi: false }).remember(30, 'Garden');
    expect(await rooms.resolve('garden')).toMatchObject({ kind: 'found', id: 30, by: 'name' });
  });

  it('a state store that cannot be read: rooms listed without remembered names, with a warning', async () => {
    const rooms = directory({ withDataApi: false });
    await rooms.remember(20, 'New Room');
    await state.close();
    const list = await rooms.list();
    expect(list.rooms.map((room) => room.id)).toEqual([1, 2, 3, 4]);
    expect(list.warnings).toEqual([
      {
        source: 'remembered',
        message:
          "The names of the rooms the bot created cannot be read from the state store (see the bot's log); those rooms are listed without them.",
      },
    ]);
    state = (await openStateStore({ store: 'sqlite', dir: stateDir })).store;
  });
});

describe('the Data API cache', () => {
  let proxy: CountingProxy;

  beforeEach(async () => {
    proxy = await startCountingProxy(chat.emulator.httpPort);
  });

  afterEach(async () => {
    await proxy.close();
  });

  it('asks the Data API once within cacheMs, sharing one request between concurrent calls', async () => {
    let clock = 1_000_000;
    const rooms = directory({
      dataApi: createDataApiClient({ baseUrl: proxy.baseUrl }),
      cacheMs: 5000,
      now: () => clock,
    });
    proxy.hold();
    const concurrent = Promise.all([rooms.list(), rooms.resolve('Music'), rooms.list(), rooms.resolve('#1')]);
    await waitUntil(() => proxy.requests.length > 0);
    proxy.release();
    const [list, music] = await concurrent;
    expect(list.rooms).toHaveLength(4);
    expect(music).toMatchObject({ kind: 'found', id: 2 });
    expect(proxy.requests).toEqual(['/rooms.xml?group=default']);

    // A room added on the server shows in the status files at once, its name only with a new answer.
    const server = new ServerApiClient({
      host: '127.0.0.1',
      port: chat.emulator.serverApiPort,
      apiPassword: MANUAL_PASSWORD,
    });
    await server.send({ type: 'add_room', params: { name: 'Late Room', id: 7 } });
    clock += 4999;
    expect((await rooms.list()).rooms.at(-1)).toEqual({ id: 7, sources: ['status-file'] });
    expect(proxy.requests).toHaveLength(1);

    clock += 1;
    expect((await rooms.list()).rooms.at(-1)).toMatchObject({ id: 7, name: 'Late Room' });
    expect(proxy.requests).toHaveLength(2);

    await rooms.refresh();
    expect(proxy.requests).toHaveLength(3);
  });

  it('keeps a failed answer for cacheMs too, so a down Data API is not asked on every command', async () => {
    const broken = await startCountingProxy(await closedPort());
    try {
      let clock = 0;
      const rooms = directory({
        dataApi: createDataApiClient({ baseUrl: broken.baseUrl }),
        cacheMs: 5000,
        now: () => clock,
      });
      const first = await rooms.list();
      expect(first.warnings.map((warning) => warning.source)).toEqual(['data-api']);
      expect(first.rooms.map((room) => room.id)).toEqual([1, 2, 3, 4]);
      await rooms.resolve('Music');
      expect(broken.requests).toHaveLength(1);
      clock = 5000;
      await rooms.list();
      expect(broken.requests).toHaveLength(2);
    } finally {
      await broken.close();
    }
  });

  it('the bot changed a room (remember, forget, noteEdited): the revision goes up and the next list asks again', async () => {
    const rooms = directory({ dataApi: createDataApiClient({ baseUrl: proxy.baseUrl }), cacheMs: 60_000 });
    await rooms.list();
    expect([rooms.revision(), proxy.requests.length]).toEqual([0, 1]);
    await rooms.list();
    expect(proxy.requests).toHaveLength(1);
    rooms.noteEdited();
    await rooms.list();
    expect([rooms.revision(), proxy.requests.length]).toEqual([1, 2]);
    await rooms.remember(9, 'Nine');
    await rooms.forget(9);
    await rooms.list();
    expect([rooms.revision(), proxy.requests.length]).toEqual([3, 3]);
  });

  it('keeps the last names for autocomplete without asking anything', async () => {
    const rooms = directory({ dataApi: createDataApiClient({ baseUrl: proxy.baseUrl }) });
    expect(rooms.cachedNames()).toEqual([]);
    await rooms.list();
    const asked = proxy.requests.length;
    expect(rooms.cachedNames()).toEqual([
      { id: 1, name: 'General Test' },
      { id: 2, name: 'Music' },
      { id: 3, name: 'Help Desk' },
      { id: 4, name: 'Members Lounge' },
    ]);
    expect(proxy.requests).toHaveLength(asked);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
