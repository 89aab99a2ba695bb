import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from './harness.ts';
import { command, exchange, PASSWORD, parseReply, sendCommand } from './raw-socket.ts';

let chat: TestEmulator;
const logLines: string[] = [];

beforeAll(async () => {
  chat = await startTestEmulator({ log: (line) => logLines.push(line) });
});

afterAll(async () => {
  await chat.close();
});

const send = (text: string) => sendCommand(chat.emulator.serverApiPort, text);

describe('replies', () => {
  it('are one Response document plus a zero byte, after which the server closes', async () => {
    const raw = await exchange(chat.emulator.serverApiPort, `${command('start_group')}\0`);
    expect(raw.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response type="start_group" result="0" message="group default was already running"/>\0',
    );
    expect(raw.closedByServer).toBe(true);
  });

  it('escape what the message quotes from the command', async () => {
    const reply = await send(command('add_room', 'name="x" max="&quot;1&lt;2&amp;3&quot;"'));
    expect(reply.result).toBe('-5');
    expect(reply.message).toBe('max=""1<2&3"" is not accepted: expected a whole number from 1 to 2147483647');
  });

  it('answer a client that half-closes after its zero byte', async () => {
    const raw = await exchange(chat.emulator.serverApiPort, `${command('start_group')}\0`, {
      endAfterWriting: true,
    });
    expect(parseReply(raw.text).result).toBe('0');
  });

  it('cover one command per connection: bytes after the zero byte are ignored', async () => {
    const before = chat.emulator.acceptedCommands.length;
    const raw = await exchange(
      chat.emulator.serverApiPort,
      `${command('start_group')}\0${command('stop_group')}\0`,
    );
    expect(raw.text.split('\0')).toHaveLength(2);
    expect(chat.emulator.acceptedCommands.slice(before).map((accepted) => accepted.type)).toEqual([
      'start_group',
    ]);
    expect(chat.emulator.state.isRunning('default')).toBe(true);
  });
});

/**
 * The refusal codes of the reply convention (the comments of src/protocol/reply-codes.ts and the
 * README's "Reply convention": -1 bad password … -10 user not online), written out
 * here rather than read from the table the code uses, and each message in full: a code or a
 * text that moves is a change of the convention, and must show here.
 */
describe('every refusal has its own code', () => {
  it.each([
    [
      'bad_password',
      -1,
      command('start_group').replace(PASSWORD, 'wrong-password'),
      'api_pwd does not match the Server API password',
    ],
    [
      'bad_password',
      -1,
      '<Command group="default" type="start_group"/>',
      'api_pwd does not match the Server API password',
    ],
    [
      'malformed_command',
      -3,
      '<Command group="default"',
      "the command is not well-formed XML: Unclosed tag 'Command'. (line 1, column 1)",
    ],
    ['malformed_command', -3, '<Response/>', 'the root element must be <Command>, not <Response>'],
    ['unknown_type', -4, command('kick_user', 'userid="bob"'), '"kick_user" is not a command type'],
    ['unknown_type', -4, `<Command group="default" api_pwd="${PASSWORD}"/>`, 'the command has no type'],
    [
      'bad_parameter',
      -5,
      command('add_room', 'name="x" member="yes"'),
      'member="yes" is not accepted: expected true/false or 1/0',
    ],
    ['bad_parameter', -5, command('broadcast', 'userid="ops"'), 'msg is required'],
    [
      'unknown_group',
      -6,
      command('start_group').replace('group="default"', 'group="other"'),
      'there is no group "other"',
    ],
    [
      'room_not_found',
      -7,
      command('del_room', 'room_id="999"'),
      'room 999 does not exist in group "default"',
    ],
    [
      'room_not_found',
      -7,
      command('edit_room', 'roomid="999" name="x"'),
      'room 999 does not exist in group "default"',
    ],
    ['room_id_taken', -8, command('add_room', 'id="1" name="again"'), 'room id 1 is already taken'],
    [
      'user_not_online',
      -10,
      command('private_message', 'dest_uid="nobody" msg="hi"'),
      'user "nobody" is not online in group "default"',
    ],
  ] as const)('%s (%i): %s', async (reason, code, text, message) => {
    const before = chat.emulator.refusedCommands.length;
    const reply = await send(text);
    expect(reply.root).toBe('Response');
    expect(reply.result).toBe(String(code));
    expect(reply.message).toBe(message);
    expect(chat.emulator.refusedCommands.slice(before)).toEqual([
      expect.objectContaining({ code, reason, remoteAddress: '127.0.0.1' }),
    ]);
  });

  it('group_stopped: nothing is delivered while the group is stopped, rooms can still be managed', async () => {
    chat.emulator.state.join('default', 1, 'alice');
    await send(command('stop_group'));
    try {
      expect((await send(command('broadcast', 'msg="hello"'))).result).toBe('-9');
      expect((await send(command('private_message', 'dest_uid="alice" msg="hi"'))).result).toBe('-9');
      const added = await send(command('add_room', 'name="While Stopped"'));
      expect(Number(added.result)).toBeGreaterThan(0);
      expect((await send(command('del_room', `room_id="${added.result}"`))).result).toBe('0');
      expect(() => chat.emulator.state.join('default', 1, 'bob')).toThrow(/stopped/);
    } finally {
      await send(command('start_group'));
    }
    expect((await send(command('broadcast', 'msg="back"'))).result).toBe('0');
  });

  it('checks run in order: group before password, password before type and parameters', async () => {
    const wrongGroupAndPassword = command('kick')
      .replace('group="default"', 'group="x"')
      .replace(PASSWORD, 'nope');
    expect((await send(wrongGroupAndPassword)).result).toBe('-6');
    expect((await send(command('kick').replace(PASSWORD, 'nope'))).result).toBe('-1');
    expect((await send(command('del_room', 'room_id="x"').replace(PASSWORD, 'nope'))).result).toBe('-1');
    expect((await send(command('kick', 'room_id="x"'))).result).toBe('-4');
  });

  it('a missing group means the default group, as the manual’s tables say', async () => {
    expect((await send(`<Command api_pwd="${PASSWORD}" type="start_group"/>`)).result).toBe('0');
    expect(chat.emulator.acceptedCommands.at(-1)?.group).toBe('default');
  });

  it('never echoes api_pwd: not in replies, not in the records, not in the log', async () => {
    const guess = 'guess-4321';
    const reply = await send(command('start_group').replace(PASSWORD, guess));
    expect(reply.raw.text).not.toContain(guess);
    expect(reply.raw.text).not.toContain(PASSWORD);
    expect(reply.message).toBe('api_pwd does not match the Server API password');
    const records = [...chat.emulator.acceptedCommands, ...chat.emulator.refusedCommands];
    expect(JSON.stringify(records)).not.toContain(guess);
    expect(JSON.stringify(records)).not.toContain(PASSWORD);
    expect(records.filter((record) => record.params !== undefined && 'api_pwd' in record.params)).toEqual([]);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(guess);
    expect(logLines.join('\n')).not.toContain(PASSWORD);
  });
});

describe('what reaches the emulator is what an XML parser reads', () => {
  it('normalises attribute values: literal newline -> space, &#10; -> newline, &amp;lt; -> &lt;', async () => {
    await send(command('broadcast', 'userid="a\nb" msg="line1&#10;line2 &amp;lt; tab&#9;end" extra="kept"'));
    expect(chat.emulator.acceptedCommands.at(-1)?.params).toEqual({
      userid: 'a b',
      msg: 'line1\nline2 &lt; tab\tend',
      extra: 'kept',
    });
  });

  it('reads room flags written 1/0 as the manual’s tables do, as well as true/false', async () => {
    const added = await send(
      command('add_room', 'name="Digits" member="0" passallmessage="1" en="0" wb="1"'),
    );
    const room = chat.emulator.state.room('default', Number(added.result));
    expect(room).toMatchObject({ guestsAllowed: false, passAllMessage: true, open: false, whiteboard: true });
    const listed = await (await chat.fetch(`/rooms.xml?listrooms=${added.result}`)).text();
    expect(listed).toContain('memberonly="1" passallmessage="1" en="0"');
    expect((await send(command('del_room', `room_id="${added.result}"`))).result).toBe('0');
  });

  it('refuses entity-expansion payloads on the wire', async () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>' +
      `<Command group="default" api_pwd="${PASSWORD}" type="broadcast" msg="&lol2;"/>`;
    const reply = await send(laughs);
    expect(reply).toMatchObject({ result: '-3', message: 'DOCTYPE and ENTITY declarations are refused' });
  });

  it('reads a command sent one byte at a time, multi-byte characters split across writes', async () => {
    const text = 'héllo wörld ✓ 😀 日本語';
    const bytes = Buffer.from(`${command('broadcast', `userid="ops" msg="${text}"`)}\0`, 'utf8');
    const chunks = [...bytes].map((byte) => Uint8Array.of(byte));
    const raw = await exchange(chat.emulator.serverApiPort, chunks, { chunkDelayMs: 1, timeoutMs: 5000 });
    expect(parseReply(raw.text).result).toBe('0');
    expect(chat.emulator.acceptedCommands.at(-1)?.params).toEqual({ userid: 'ops', msg: text });
  });

  it('refuses bytes that are not UTF-8 as malformed', async () => {
    const bytes = Buffer.concat([
      Buffer.from(command('broadcast', 'msg="x').replace('"x', '"')),
      Buffer.from([0xff, 0x22, 0x2f, 0x3e, 0]),
    ]);
    const raw = await exchange(chat.emulator.serverApiPort, bytes);
    expect(parseReply(raw.text)).toMatchObject({ result: '-3', message: 'the command is not valid UTF-8' });
  });
});

describe('framing', () => {
  it('a command without its zero byte gets no answer while the client waits', async () => {
    const before = chat.emulator.acceptedCommands.length + chat.emulator.refusedCommands.length;
    const raw = await exchange(chat.emulator.serverApiPort, command('start_group'), { timeoutMs: 300 });
    expect(raw).toMatchObject({ ending: 'timeout', text: '' });
    expect(chat.emulator.acceptedCommands.length + chat.emulator.refusedCommands.length).toBe(before);
  });

  it('a client that gives up (closes its side) without a zero byte gets no answer and is closed', async () => {
    const raw = await exchange(chat.emulator.serverApiPort, command('start_group'), {
      endAfterWriting: true,
    });
    expect(raw).toMatchObject({ ending: 'closed', text: '' });
  });
});

describe('limits', () => {
  let limited: TestEmulator;

  beforeAll(async () => {
    limited = await startTestEmulator({ maxCommandBytes: 1024, idleTimeoutMs: 200 });
  });

  afterAll(async () => {
    await limited.close();
  });

  it('refuses a command that passes the size limit without a zero byte, and closes', async () => {
    const raw = await exchange(limited.emulator.serverApiPort, 'x'.repeat(1025));
    expect(parseReply(raw.text)).toMatchObject({
      result: '-3',
      message: 'no zero byte within the first 1024 bytes',
    });
    expect(raw.closedByServer).toBe(true);
  });

  it('counts bytes, not characters: exactly the limit is taken, one byte more is refused', async () => {
    const ofSize = (bytes: number) => {
      const frame = command('broadcast', 'msg="é"');
      return frame.replace('é', `é${'x'.repeat(bytes - Buffer.byteLength(frame))}`);
    };
    expect(Buffer.byteLength(ofSize(1024))).toBe(1024);
    expect((await sendCommand(limited.emulator.serverApiPort, ofSize(1024))).result).toBe('0');
    expect((await sendCommand(limited.emulator.serverApiPort, ofSize(1025))).result).toBe('-3');
  });

  it('closes a connection idle for longer than the idle timeout', async () => {
    const started = Date.now();
    const raw = await exchange(limited.emulator.serverApiPort, '<Command', { timeoutMs: 2000 });
    // Closed by the server, before the client's own 2 s deadline...
    expect(raw).toMatchObject({ ending: 'closed', text: '' });
    // ...and not before the idle timeout this test configured (200 ms): a lower bound set by the
    // test itself, which a loaded machine can only make longer, not a measure of speed.
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });
});

describe('an address not on the allow list', () => {
  let strict: TestEmulator;

  beforeAll(async () => {
    strict = await startTestEmulator({ allow: ['10.9.9.9'] });
  });

  afterAll(async () => {
    await strict.close();
  });

  it.each([
    ['a valid command', command('start_group')],
    ['a malformed command', '<Command'],
    ['a wrong password', command('start_group').replace(PASSWORD, 'x')],
  ])('is refused before anything else: %s', async (_label, text) => {
    const reply = await sendCommand(strict.emulator.serverApiPort, text);
    expect(reply).toMatchObject({
      result: '-2',
      message: 'commands from 127.0.0.1 are not allowed',
      type: '',
    });
  });

  it('is refused even past the size limit', async () => {
    const raw = await exchange(strict.emulator.serverApiPort, 'x'.repeat(1024 * 1024 + 10));
    expect(parseReply(raw.text).result).toBe('-2');
    expect(strict.emulator.acceptedCommands).toEqual([]);
  });
});

describe('stop()', () => {
  it('closes connections still waiting for their zero byte', async () => {
    const short = await startTestEmulator();
    const port = short.emulator.serverApiPort;
    let written: () => void = () => {};
    const allWritten = new Promise<void>((resolve) => {
      written = resolve;
    });
    const pending = exchange(port, '<Command', { timeoutMs: 3000, onWritten: () => written() });
    await allWritten;
    // Connections are taken in the order they were made: once a later one is answered, the
    // server holds this one.
    expect((await sendCommand(port, command('start_group'))).result).toBe('0');
    await short.close();
    expect(await pending).toMatchObject({ ending: 'closed', text: '' });
  });
});
