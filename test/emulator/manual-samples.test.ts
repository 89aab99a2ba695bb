import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from './harness.ts';
import {
  ADD_ROOM_PHP_SAMPLE,
  ADD_ROOM_SAMPLE,
  BROADCAST_SAMPLE,
  DEL_ROOM_SAMPLE,
  EDIT_ROOM_SAMPLE,
  PRIVATE_MESSAGE_SAMPLE,
  START_GROUP_SAMPLE,
  STOP_GROUP_SAMPLE,
} from './manual-samples.ts';
import { sendCommand } from './raw-socket.ts';

// The demo rooms 1-4 plus room 3412, which the manual's edit_room sample edits.
let chat: TestEmulator;

beforeEach(async () => {
  chat = await startTestEmulator({
    rooms: [
      { id: 1, name: 'General Test', owner: 'admin' },
      { id: 2, name: 'Music', max: 50 },
      { id: 3412, name: 'Old Name', max: 20, owner: 'old_owner', desc: 'old desc' },
    ],
  });
});

afterEach(async () => {
  await chat.close();
});

describe("the manual's seven sample commands, byte for byte", () => {
  it('add_room (multi-line, with roomOpen) adds room 3413 with every setting and its schedule', async () => {
    const reply = await sendCommand(chat.emulator.serverApiPort, ADD_ROOM_SAMPLE);

    expect(reply).toMatchObject({
      root: 'Response',
      type: 'add_room',
      result: '3413',
      message: 'room 3413 added',
    });
    expect(chat.emulator.acceptedCommands).toEqual([
      {
        group: 'default',
        type: 'add_room',
        params: {
          name: 'test room',
          owner: 'aaa',
          desc: 'room for test',
          max: '200',
          speaker: 'bbb',
          member: 'false',
          pwd: '',
          passallmessage: 'true',
        },
        schedule: [{ o: 'day2', s: '00:00:00', e: '10:00:00' }],
        remoteAddress: '127.0.0.1',
        result: '3413',
      },
    ]);
    expect(chat.emulator.state.room('default', 3413)).toMatchObject({
      name: 'test room',
      owner: 'aaa',
      description: 'room for test',
      max: 200,
      speaker: 'bbb',
      guestsAllowed: false,
      password: '',
      passAllMessage: true,
      schedule: [{ o: 'day2', s: '00:00:00', e: '10:00:00' }],
    });
    expect(await chat.readFile('room_3413.txt')).toBe('');
    expect(await chat.readFile('online.txt')).toBe('0|0|4\n');
    const rooms = await (await chat.fetch('/rooms.xml?listrooms=3413')).text();
    expect(rooms).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><rooms><room id="3413" name="test room" max="200" desc="room for test" count="0" owner="aaa" speaker="bbb" wm="" memberonly="1" passallmessage="1" en="1" st="0"/></rooms>',
    );
  });

  it("add_room as the manual's PHP sample writes it (one line, self-closing) is accepted too", async () => {
    const reply = await sendCommand(chat.emulator.serverApiPort, ADD_ROOM_PHP_SAMPLE);
    expect(reply.result).toBe('3413');
    expect(chat.emulator.acceptedCommands[0]?.schedule).toEqual([]);
  });

  it('del_room removes room 1: its users go to the lobby, its file goes away', async () => {
    chat.emulator.state.join('default', 1, 'alice');
    chat.emulator.state.join('default', 1, 'bob');
    await chat.emulator.statusFilesWritten();
    expect(await chat.readFile('room_1.txt')).toBe('alice\nbob\n');

    const reply = await sendCommand(chat.emulator.serverApiPort, DEL_ROOM_SAMPLE);

    expect(reply).toMatchObject({ type: 'del_room', result: '0' });
    expect(chat.emulator.acceptedCommands[0]?.params).toEqual({ room_id: '1' });
    expect(chat.emulator.state.room('default', 1)).toBeUndefined();
    expect(chat.emulator.state.onlineUsers('default')).toEqual([
      { name: 'alice', roomId: undefined },
      { name: 'bob', roomId: undefined },
    ]);
    expect(await chat.readFile('room_1.txt')).toBeUndefined();
    expect(await chat.readFile('online.txt')).toBe('2|2|2\n');
    expect(await (await chat.fetch('/online.xml')).text()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><online cn="2" ln="2" rn="2"/>',
    );
    expect(await (await chat.fetch('/rooms.xml')).text()).not.toContain('id="1"');
  });

  it('edit_room changes room 3412 (roomid, not room_id) and keeps its users', async () => {
    chat.emulator.state.join('default', 3412, 'carol');

    const reply = await sendCommand(chat.emulator.serverApiPort, EDIT_ROOM_SAMPLE);

    expect(reply).toMatchObject({ type: 'edit_room', result: '0', message: 'room 3412 updated' });
    expect(chat.emulator.state.room('default', 3412)).toMatchObject({
      id: 3412,
      name: 'new name',
      owner: 'new_owner',
      description: 'new_desc',
      max: 300,
      speaker: 'new_speaker',
      guestsAllowed: true,
      password: 'new_pwd',
      passAllMessage: false,
    });
    expect(chat.emulator.state.roomUsers('default', 3412)).toEqual(['carol']);
    expect(await chat.readFile('room_3412.txt')).toBe('carol\n');
    const rooms = await (await chat.fetch('/rooms.xml?listrooms=3412')).text();
    expect(rooms).toContain(
      '<room id="3412" name="new name" max="300" desc="new_desc" count="1" owner="new_owner" speaker="new_speaker" wm="" memberonly="0" passallmessage="0" en="1" st="0"/>',
    );
    expect(rooms).not.toContain('new_pwd');
  });

  it('broadcast reaches every logged-in user, in a room or in the lobby', async () => {
    chat.emulator.state.join('default', 1, 'alice');
    chat.emulator.state.connect('default', 'bob');
    chat.emulator.state.connect('default');

    const reply = await sendCommand(chat.emulator.serverApiPort, BROADCAST_SAMPLE);

    expect(reply).toMatchObject({
      type: 'broadcast',
      result: '0',
      message: 'broadcast delivered to 2 users',
    });
    expect(chat.emulator.state.deliveries).toEqual([
      {
        group: 'default',
        kind: 'broadcast',
        to: ['alice', 'bob'],
        from: 'test',
        text: 'welcome to 123flashcaht',
      },
    ]);
  });

  it('private_message reaches user "test" with its style', async () => {
    chat.emulator.state.join('default', 2, 'test');

    const reply = await sendCommand(chat.emulator.serverApiPort, PRIVATE_MESSAGE_SAMPLE);

    expect(reply).toMatchObject({
      type: 'private_message',
      result: '0',
      message: 'message delivered to test',
    });
    expect(chat.emulator.state.deliveries).toEqual([
      {
        group: 'default',
        kind: 'private_message',
        to: 'test',
        text: 'hello world',
        from: 'admin',
        fromNickname: 'admin',
        emoticon: 'e2',
        bold: true,
        italic: true,
        underline: true,
        color: '0xff00ff',
      },
    ]);
  });

  it('private_message to a user who is not online is refused with user_not_online', async () => {
    const reply = await sendCommand(chat.emulator.serverApiPort, PRIVATE_MESSAGE_SAMPLE);
    expect(reply).toMatchObject({ type: 'private_message', result: '-10' });
    expect(chat.emulator.state.deliveries).toEqual([]);
  });

  it('stop_group drops everyone and empties the files; start_group brings the rooms back', async () => {
    chat.emulator.state.join('default', 1, 'alice');
    chat.emulator.state.connect('default');

    const stopped = await sendCommand(chat.emulator.serverApiPort, STOP_GROUP_SAMPLE);

    expect(stopped).toMatchObject({ type: 'stop_group', result: '0', message: 'group default stopped' });
    expect(chat.emulator.state.isRunning('default')).toBe(false);
    expect(chat.emulator.state.counts('default')).toEqual({ connections: 0, loggedIn: 0, rooms: 3 });
    expect(await chat.listFiles()).toEqual(['online.txt']);
    expect(await chat.readFile('online.txt')).toBe('0|0|0\n');
    expect(await (await chat.fetch('/online.js')).text()).toBe('var online = {"cn":"0","ln":"0","rn":"0"};');

    const started = await sendCommand(chat.emulator.serverApiPort, START_GROUP_SAMPLE);

    expect(started).toMatchObject({ type: 'start_group', result: '0', message: 'group default started' });
    expect(await chat.listFiles()).toEqual(['online.txt', 'room_1.txt', 'room_2.txt', 'room_3412.txt']);
    expect(await chat.readFile('online.txt')).toBe('0|0|3\n');
    expect(await chat.readFile('room_1.txt')).toBe('');
  });

  it('start_group on a running group and stop_group on a stopped one are harmless successes', async () => {
    expect((await sendCommand(chat.emulator.serverApiPort, START_GROUP_SAMPLE)).message).toBe(
      'group default was already running',
    );
    await sendCommand(chat.emulator.serverApiPort, STOP_GROUP_SAMPLE);
    const again = await sendCommand(chat.emulator.serverApiPort, STOP_GROUP_SAMPLE);
    expect(again).toMatchObject({ result: '0', message: 'group default was already stopped' });
    expect(chat.emulator.acceptedCommands.map((accepted) => accepted.type)).toEqual([
      'start_group',
      'stop_group',
      'stop_group',
    ]);
  });
});
