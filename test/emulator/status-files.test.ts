import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { startTestEmulator, type TestEmulator } from './harness.ts';
import { command, sendCommand } from './raw-socket.ts';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function started(options: Parameters<typeof startTestEmulator>[0] = {}): Promise<TestEmulator> {
  const chat = await startTestEmulator(options);
  cleanups.push(() => chat.close());
  return chat;
}

describe('status files', () => {
  it('exist from the start for every group and room', async () => {
    const chat = await started({ groups: ['default', 'vip'] });
    for (const group of ['default', 'vip']) {
      expect(await chat.listFiles(group)).toEqual([
        'online.txt',
        'room_1.txt',
        'room_2.txt',
        'room_3.txt',
        'room_4.txt',
      ]);
      expect(await chat.readFile('online.txt', group)).toBe('0|0|4\n');
      expect(await chat.readFile('room_1.txt', group)).toBe('');
    }
  });

  it('follow connections, logins, joins, leaves and disconnects, counts always consistent', async () => {
    const chat = await started();
    const { state } = chat.emulator;
    const snapshot = async () => {
      await chat.emulator.statusFilesWritten();
      return [
        await chat.readFile('online.txt'),
        await chat.readFile('room_1.txt'),
        await chat.readFile('room_2.txt'),
      ];
    };

    const anonymous = state.connect('default');
    expect(await snapshot()).toEqual(['1|0|4\n', '', '']);
    state.login('default', anonymous, 'zoe');
    expect(await snapshot()).toEqual(['1|1|4\n', '', '']);
    state.join('default', 1, 'zoe');
    state.join('default', 1, 'yann');
    expect(await snapshot()).toEqual(['2|2|4\n', 'zoe\nyann\n', '']);
    state.join('default', 2, 'zoe');
    expect(await snapshot()).toEqual(['2|2|4\n', 'yann\n', 'zoe\n']);
    state.leave('default', 1, 'yann');
    expect(await snapshot()).toEqual(['2|2|4\n', '', 'zoe\n']);
    state.disconnect('default', 'zoe');
    state.disconnect('default', 'yann');
    expect(await snapshot()).toEqual(['0|0|4\n', '', '']);
  });

  it('are replaced atomically: a reader never sees a torn file, and no temp file is left', async () => {
    const chat = await started();
    const { state } = chat.emulator;
    const file = join(chat.dataDir, 'default', 'online.txt');
    let writing = true;
    const seen = new Set<string>();
    const reader = (async () => {
      while (writing) seen.add(await readFile(file, 'utf8'));
    })();
    for (let round = 0; round < 300; round += 1) {
      state.join('default', 1 + (round % 3), `user${round % 7}`);
      if (round % 5 === 0) state.disconnect('default', `user${round % 7}`);
      if (round % 10 === 0) await new Promise((settle) => setImmediate(settle));
    }
    await chat.emulator.statusFilesWritten();
    writing = false;
    await reader;

    expect(seen.size).toBeGreaterThan(1);
    for (const content of seen) expect(content).toMatch(/^[0-9]+\|[0-9]+\|4\n$/);
    const counts = state.counts('default');
    expect(await chat.readFile('online.txt')).toBe(`${counts.connections}|${counts.loggedIn}|4\n`);
    for (const roomId of [1, 2, 3]) {
      const users = state.roomUsers('default', roomId);
      expect(await chat.readFile(`room_${roomId}.txt`)).toBe(users.map((user) => `${user}\n`).join(''));
    }
    expect((await readdir(join(chat.dataDir, 'default'))).filter((name) => name.endsWith('.tmp'))).toEqual(
      [],
    );
  });

  it("clear an earlier run's room and temp files at start, and leave other files alone", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'flashchat-emulator-test-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    await mkdir(join(dataDir, 'default'));
    for (const name of ['room_99.txt', 'room_1.txt', '.online.txt.0123456789ab.tmp', 'notes.txt']) {
      await writeFile(join(dataDir, 'default', name), 'old\n');
    }
    const emulator: RunningEmulator = await startEmulator({ port: 0, httpPort: 0, dataDir });
    cleanups.unshift(() => emulator.stop());

    expect((await readdir(join(dataDir, 'default'))).sort()).toEqual([
      'notes.txt',
      'online.txt',
      'room_1.txt',
      'room_2.txt',
      'room_3.txt',
      'room_4.txt',
    ]);
    expect(await readFile(join(dataDir, 'default', 'room_1.txt'), 'utf8')).toBe('');
  });

  it('stopping one group leaves the other running and its files as they were', async () => {
    const chat = await started({ groups: ['default', 'vip'] });
    chat.emulator.state.join('vip', 2, 'vera');
    chat.emulator.state.join('default', 2, 'dora');
    const stop = command('stop_group').replace('group="default"', 'group="vip"');
    expect((await sendCommand(chat.emulator.serverApiPort, stop)).result).toBe('0');

    expect(await chat.listFiles('vip')).toEqual(['online.txt']);
    expect(await chat.readFile('online.txt', 'vip')).toBe('0|0|0\n');
    expect(await chat.readFile('online.txt', 'default')).toBe('1|1|4\n');
    expect(await chat.readFile('room_2.txt', 'default')).toBe('dora\n');
  });

  it('a room added while its group is stopped gets its file when the group starts', async () => {
    const chat = await started({ rooms: [{ id: 1, name: 'Only' }] });
    await sendCommand(chat.emulator.serverApiPort, command('stop_group'));
    const added = await sendCommand(chat.emulator.serverApiPort, command('add_room', 'name="Later"'));
    expect(added.result).toBe('2');
    expect(await chat.listFiles()).toEqual(['online.txt']);
    await sendCommand(chat.emulator.serverApiPort, command('start_group'));
    expect(await chat.listFiles()).toEqual(['online.txt', 'room_1.txt', 'room_2.txt']);
    expect(await chat.readFile('online.txt')).toBe('0|0|2\n');
  });
});
