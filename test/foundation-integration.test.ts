import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataApiClient, type DataApiClient } from '../src/data-api/index.ts';
import { type RunningEmulator, startEmulator } from '../src/emulator/index.ts';
import { groupStatusFolder, listRoomFiles, readOnlineCounts, readRoomRoster } from '../src/status/index.ts';
import { ServerApiClient } from '../src/transport/server-api-client.ts';

// The three surfaces read back what the wire client changed, as a moderator's command will.
let dataDir: string;
let emulator: RunningEmulator;
let client: ServerApiClient;
let dataApi: DataApiClient;
let folder: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'flashchat-foundation-'));
  emulator = await startEmulator({ port: 0, httpPort: 0, dataDir, password: 'pw' });
  client = new ServerApiClient({ port: emulator.serverApiPort, apiPassword: 'pw' });
  dataApi = createDataApiClient({ baseUrl: `http://127.0.0.1:${emulator.httpPort}` });
  folder = groupStatusFolder(dataDir, 'default');
});

afterAll(async () => {
  await emulator?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('wire client, status files and Data API against the emulator', () => {
  it('a room added with the client shows in the Data API and gets its status file', async () => {
    const added = await client.send({
      type: 'add_room',
      params: { name: 'Q&A "live"', max: 3, desc: 'line\nbreak' },
    });
    const roomId = added.roomId ?? 0;
    const rooms = await dataApi.rooms();
    expect(rooms.ok && rooms.value.find((room) => room.id === roomId)).toMatchObject({
      name: 'Q&A "live"',
      capacity: 3,
      description: 'line\nbreak',
      userCount: 0,
    });
    const files = await listRoomFiles(folder);
    expect(files.status === 'ok' && files.roomIds).toContain(roomId);
  });

  it('users who join are listed by the room file, online.txt and the Data API alike', async () => {
    const added = await client.send({ type: 'add_room', params: { name: 'Busy' } });
    const roomId = added.roomId ?? 0;
    for (const user of ['zoë', 'Bob', 'אבי']) emulator.state.join('default', roomId, user);
    await emulator.statusFilesWritten();

    const roster = await readRoomRoster(folder, roomId);
    expect(roster.status === 'ok' && [...roster.userNames].sort()).toEqual(['Bob', 'zoë', 'אבי'].sort());
    const counts = await readOnlineCounts(folder);
    expect(counts.status === 'ok' && counts.counts).toEqual(emulator.state.counts('default'));
    const users = await dataApi.roomUsers(roomId);
    expect(users.ok && users.value.map((user) => user.name).sort()).toEqual(['Bob', 'zoë', 'אבי'].sort());
  });

  it('a deleted room loses its file; a stopped group shows zeros; a started one comes back', async () => {
    const added = await client.send({ type: 'add_room', params: { name: 'Short-lived' } });
    const roomId = added.roomId ?? 0;
    await client.send({ type: 'del_room', params: { room_id: roomId } });
    const roster = await readRoomRoster(folder, roomId);
    expect(roster.status).toBe('absent');

    await client.send({ type: 'stop_group', params: {} });
    const stopped = await readOnlineCounts(folder);
    expect(stopped.status === 'ok' && stopped.counts).toEqual({ connections: 0, loggedIn: 0, rooms: 0 });
    await client.send({ type: 'start_group', params: {} });
    const started = await readOnlineCounts(folder);
    expect(started.status === 'ok' && started.counts.rooms).toBeGreaterThan(0);
  });
});
