import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/catalogue/catalogue.ts';
import { validateParams } from '../../src/catalogue/validate.ts';
import { parseLine } from '../../src/grammar/parse-line.ts';

function parsed(line: string) {
  const result = parseLine(line, CATALOGUE);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return { operation: result.operation.name, values: result.values };
}

function refusal(line: string) {
  const result = parseLine(line, CATALOGUE);
  if (result.ok) throw new Error(`accepted as ${result.operation.name}`);
  return { message: result.message, usage: result.usage };
}

describe('parseLine finds the operation', () => {
  it('with or without the /chat prefix, in any case', () => {
    expect(parsed('/chat status').operation).toBe('status');
    expect(parsed('STATUS').operation).toBe('status');
    expect(parsed('  /chat   room   Delete 12').operation).toBe('room.delete');
  });

  it('an empty line is help', () => {
    expect(parsed('/chat').operation).toBe('help');
    expect(parsed('').operation).toBe('help');
  });

  it('an unknown operation names the nearest one', () => {
    expect(refusal('/chat stauts').message).toBe(
      'unknown operation "stauts" (did you mean "status"?). Type /chat help for the list.',
    );
    expect(refusal('/chat xyzzy').message).toBe('unknown operation "xyzzy". Type /chat help for the list.');
  });

  it('a family word alone or with a wrong second word lists the family', () => {
    expect(refusal('/chat room')).toEqual({
      message: '"room" needs one of: add, edit, delete',
      usage:
        '/chat room add <name> [option=value …]\n/chat room edit <room> [option=value …]\n/chat room delete <room>',
    });
    expect(refusal('/chat room dlete 3').message).toBe(
      'unknown operation "room dlete" (did you mean "room delete"?)',
    );
  });
});

describe('parseLine assigns parameters', () => {
  it("the issue's full room add example", () => {
    const line =
      '/chat room add "Test Room" max=200 owner=aaa desc="room for test" password=secret guests=off moderated=on open=on display=text welcome="Hi" audio=on video=off whiteboard=on hours="day2 00:00-10:00"';
    const { operation, values } = parsed(line);
    expect(operation).toBe('room.add');
    expect(values).toEqual({
      name: 'Test Room',
      max: '200',
      owner: 'aaa',
      desc: 'room for test',
      password: 'secret',
      guests: 'off',
      moderated: 'on',
      open: 'on',
      display: 'text',
      welcome: 'Hi',
      audio: 'on',
      video: 'off',
      whiteboard: 'on',
      hours: 'day2 00:00-10:00',
    });
  });

  it('options anywhere among the positionals, keys in any case', () => {
    expect(parsed('room add MAX=5 Lobby').values).toEqual({ max: '5', name: 'Lobby' });
  });

  it('the message is the rest of the line, verbatim, spacing and quotes included', () => {
    expect(parsed('broadcast  Hello,   "world"  &  <you>  ').values).toEqual({
      message: 'Hello,   "world"  &  <you>  ',
    });
    expect(parsed(`broadcast "  padded  "`).values).toEqual({ message: '  padded  ' });
    expect(parsed('broadcast line one\nline two').values).toEqual({ message: 'line one\nline two' });
  });

  it('a message with apostrophes or a quote it never closes is still taken as typed', () => {
    expect(parsed("broadcast Don't forget: it’s at 8").values).toEqual({
      message: "Don't forget: it’s at 8",
    });
    expect(parsed("broadcast 'tis the season").values).toEqual({ message: "'tis the season" });
    expect(parsed('broadcast as=Staff "Welcome, all').values).toEqual({
      as: 'Staff',
      message: '"Welcome, all',
    });
    expect(parsed("pm O'Brien it's me").values).toEqual({ user: "O'Brien", message: "it's me" });
    expect(refusal('pm "O Brien hello').message).toBe('the quote " at position 4 is never closed');
    expect(refusal('room add "Test Room').message).toBe('the quote " at position 10 is never closed');
  });

  it('options come before the message; after it, key=value is part of the message', () => {
    expect(parsed('pm alice bold=on color=#FF0000 x=1 means bold=on').values).toEqual({
      user: 'alice',
      bold: 'on',
      color: '#FF0000',
      message: 'x=1 means bold=on',
    });
  });

  it('refuses an unknown option with the nearest name and the usage line', () => {
    expect(refusal('room add Lobby maxx=3')).toEqual({
      message: 'unknown option "maxx" (did you mean "max"?); to use it as a value, put it in quotes',
      usage: '/chat room add <name> [option=value …]',
    });
  });

  it('refuses a missing argument, a repeated option and an extra word', () => {
    expect(refusal('who').message).toBe('missing <room>');
    expect(refusal('pm alice').message).toBe('missing <message>');
    expect(refusal('room add X max=1 max=2').message).toBe('max is given twice');
    expect(refusal('room delete 12 13')).toEqual({
      message: 'unexpected "13": room delete takes no more arguments',
      usage: '/chat room delete <room>',
    });
  });

  it('a room name with spaces needs no quotes: the room takes the words the other parameters leave', () => {
    expect(parsed('who Help Desk').values).toEqual({ room: 'Help Desk' });
    expect(parsed('room delete Quiz  Night').values).toEqual({ room: 'Quiz  Night' });
    expect(parsed('stats Help Desk 24h').values).toEqual({ room: 'Help Desk', period: '24h' });
    expect(parsed('room edit Help Desk max=5').values).toEqual({ room: 'Help Desk', max: '5' });
    expect(parsed('who "Help Desk"').values).toEqual({ room: 'Help Desk' });
    expect(parsed('room add Help Desk max=5').values).toEqual({ name: 'Help Desk', max: '5' });
  });

  it('a room followed by optional positionals has two readings; the values are the one the schemas accept', () => {
    const readings = (line: string) => {
      const result = parseLine(line, CATALOGUE);
      if (!result.ok) throw new Error(`refused: ${result.message}`);
      return { values: result.values, roomReadings: result.roomReadings };
    };
    // "Desk" is no period: the room takes it; the room directory may still find "Help" (resolve-rooms).
    expect(readings('stats Help Desk')).toEqual({
      values: { room: 'Help Desk' },
      roomReadings: {
        param: 'room',
        longer: { room: 'Help Desk' },
        shorter: { room: 'Help', period: 'Desk' },
        read: 'longer',
      },
    });
    // A valid period is left to its parameter, unless the directory knows a room by every word.
    expect(readings('stats Help Desk 24h')).toEqual({
      values: { room: 'Help Desk', period: '24h' },
      roomReadings: {
        param: 'room',
        longer: { room: 'Help Desk 24h' },
        shorter: { room: 'Help Desk', period: '24h' },
        read: 'shorter',
      },
    });
    // The period's schema decides, not its look: 5m is shorter than the shortest chart.
    expect(readings('stats Lobby 5m').roomReadings?.read).toBe('longer');
    expect(readings('stats Lobby 7d').roomReadings?.read).toBe('shorter');
  });

  it('a room with one reading has none to choose from', () => {
    for (const line of [
      'stats',
      'stats Lobby',
      'stats 24h',
      'stats #2 24h',
      'stats "Help Desk" 7d',
      'stats Lobby "1x"',
      'who Help Desk',
    ]) {
      const result = parseLine(line, CATALOGUE);
      expect(result.ok && result.roomReadings, line).toBeUndefined();
    }
    expect(parsed('stats Lobby "1x"').values).toEqual({ room: 'Lobby', period: '1x' });
  });

  it('an id, or a quoted name, takes no more words', () => {
    expect(refusal('who 12 13').message).toBe('unexpected "13": who takes no more arguments');
    expect(refusal('who #12 Desk').message).toBe('unexpected "Desk": who takes no more arguments');
    expect(refusal('who "Help Desk" Annex').message).toBe('unexpected "Annex": who takes no more arguments');
    expect(refusal('status now').message).toBe('unexpected "now": status takes no more arguments');
  });

  it('a quoted a=b is a value, not an option', () => {
    expect(parsed('who "a=b"').values).toEqual({ room: 'a=b' });
  });
});

describe('values typed as text are validated by the same schemas as typed values', () => {
  const room = (line: string) => {
    const result = parseLine(line, CATALOGUE);
    if (!result.ok) throw new Error(result.message);
    return validateParams(result.operation, result.values);
  };

  it('converts numbers, flags, choices, colours and hours', () => {
    const valid = room(
      'room add "Test Room" max=200 guests=off moderated=YES display=avatar hours="day2 0:00-10:00, 2026-12-24 18:00-23:30"',
    );
    expect(valid).toEqual({
      ok: true,
      params: {
        name: 'Test Room',
        max: 200,
        guests: false,
        moderated: true,
        display: 'avatar',
        hours: [
          { o: 'day2', s: '00:00:00', e: '10:00:00' },
          { o: 'special', s: '2026-12-24 18:00:00', e: '2026-12-24 23:30:00' },
        ],
      },
    });
    expect(room('pm bob color=#ff00aa emoticon=E2 hi')).toMatchObject({
      ok: true,
      params: { color: '0xFF00AA', emoticon: 'e2' },
    });
  });

  it.each([
    ['room add X max=lots', 'max must be a whole number'],
    ['room add X max=0', 'max must be at least 1'],
    ['room add X guests=maybe', 'guests must be on or off (or yes/no, true/false, 1/0)'],
    ['room add X display=3d', 'display must be one of: text, avatar'],
    [
      'room add X hours="tuesday 9-5"',
      'hours "tuesday 9-5" is not an opening time (expected e.g. "day2 00:00-10:00" or "2026-12-24 18:00-23:30")',
    ],
    ['pm bob color=red hi', 'color must be a colour written 0xRRGGBB or #RRGGBB, e.g. 0xFF0000 for red'],
    ['pm bob emoticon=e33 hi', 'emoticon must be one of: e1, e2'],
    [`broadcast ${'x'.repeat(4001)}`, 'message is too long: 4001 characters, at most 4000'],
    [
      'broadcast bell \u0007',
      'message contains the control character U+0007, which the chat server cannot receive',
    ],
    ['room edit 12', 'nothing to change: give at least one option, e.g. max=300'],
  ])('%s', (line, message) => {
    const result = room(line);
    expect(result.ok).toBe(false);
    const text = result.ok
      ? ''
      : result.problems.map((problem) => `${problem.param} ${problem.message}`.trim()).join('; ');
    expect(text).toContain(message);
  });
});
