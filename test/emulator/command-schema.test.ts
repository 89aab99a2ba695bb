import { describe, expect, it } from 'vitest';
import { type CommandType, validateCommand } from '../../src/emulator/command-schema.ts';
import { DEFAULT_ROOM_SETTINGS } from '../../src/emulator/room.ts';

function validate(
  type: CommandType,
  attributes: Record<string, string>,
  times?: Array<Record<string, string>>,
) {
  return validateCommand(type, attributes, times);
}

function changesOf(result: ReturnType<typeof validate>) {
  if (!result.ok || result.command.type !== 'edit_room') {
    throw new Error(`not an accepted edit_room: ${JSON.stringify(result)}`);
  }
  return result.command.changes;
}

describe('room flags', () => {
  const FLAGS = [
    ['member', 'guestsAllowed'],
    ['passallmessage', 'passAllMessage'],
    ['en', 'open'],
    ['audio', 'audio'],
    ['video', 'video'],
    ['wb', 'whiteboard'],
  ] as const;

  it.each(FLAGS)('%s reads true/false and 1/0 alike', (flag, setting) => {
    for (const [spelling, value] of [
      ['true', true],
      ['1', true],
      ['false', false],
      ['0', false],
    ] as const) {
      expect(changesOf(validate('edit_room', { roomid: '1', [flag]: spelling }))).toEqual({
        [setting]: value,
      });
    }
  });

  it.each(['yes', 'TRUE', 'True', '2', '', ' 1', 'on'])('refuses %j, naming the parameter', (spelling) => {
    expect(validate('add_room', { name: 'x', member: spelling })).toEqual({
      ok: false,
      parameter: 'member',
      message: `member="${spelling}" is not accepted: expected true/false or 1/0`,
    });
  });

  it('b, i and u of private_message read both spellings too', () => {
    const result = validate('private_message', { dest_uid: 'u', msg: 'm', b: 'true', i: '0', u: '1' });
    expect(result.ok && result.command.type === 'private_message' && result.command.message).toMatchObject({
      bold: true,
      italic: false,
      underline: true,
    });
  });
});

describe('add_room', () => {
  it('fills what the command leaves out with the defaults', () => {
    expect(validate('add_room', { name: 'Lobby' })).toEqual({
      ok: true,
      command: {
        type: 'add_room',
        requestedId: undefined,
        settings: { ...DEFAULT_ROOM_SETTINGS, name: 'Lobby' },
      },
    });
  });

  it('reads every room parameter', () => {
    const result = validate(
      'add_room',
      {
        id: '77',
        name: 'N',
        owner: 'o',
        desc: 'd',
        max: '12',
        speaker: 's',
        member: '0',
        pwd: 'p',
        passallmessage: '1',
        en: 'false',
        st: '2',
        wm: 'w',
        audio: 'true',
        video: 'true',
        wb: 'true',
        sequence: '3',
      },
      [{ o: 'special', s: '2014-08-27 11:45:00', e: '2014-08-27 12:45:00' }, { o: 'day7' }],
    );
    expect(result).toEqual({
      ok: true,
      command: {
        type: 'add_room',
        requestedId: 77,
        settings: {
          name: 'N',
          owner: 'o',
          description: 'd',
          max: 12,
          speaker: 's',
          guestsAllowed: false,
          password: 'p',
          passAllMessage: true,
          open: false,
          displayMode: 2,
          welcomeMessage: 'w',
          audio: true,
          video: true,
          whiteboard: true,
          sequence: 3,
          schedule: [
            { o: 'special', s: '2014-08-27 11:45:00', e: '2014-08-27 12:45:00' },
            { o: 'day7', s: '', e: '' },
          ],
        },
      },
    });
  });

  it.each([
    [{}, 'name', 'name is required'],
    [{ name: '  ' }, 'name', 'name="  " is not accepted: expected some text'],
    [
      { name: 'x', max: 'ten' },
      'max',
      'max="ten" is not accepted: expected a whole number from 1 to 2147483647',
    ],
    [{ name: 'x', max: '0' }, 'max', 'max="0" is not accepted: expected a whole number from 1 to 2147483647'],
    [
      { name: 'x', max: '-5' },
      'max',
      'max="-5" is not accepted: expected a whole number from 1 to 2147483647',
    ],
    [
      { name: 'x', id: '2147483648' },
      'id',
      'id="2147483648" is not accepted: expected a whole number from 1 to 2147483647',
    ],
    [{ name: 'x', st: '1' }, 'st', 'st="1" is not accepted: expected 0 or 2'],
    [
      { name: 'x', sequence: '1.5' },
      'sequence',
      'sequence="1.5" is not accepted: expected a whole number from 0 to 2147483647',
    ],
  ])('%j is refused as a bad %s', (attributes, parameter, message) => {
    expect(validate('add_room', attributes)).toEqual({ ok: false, parameter, message });
  });

  it('refuses a roomOpen Time whose o is not day1..day7 or special', () => {
    expect(validate('add_room', { name: 'x' }, [{ o: 'day8', s: '1', e: '2' }])).toEqual({
      ok: false,
      parameter: 'roomOpen',
      message: 'roomOpen: a Time with o="day8" is not accepted: expected day1 to day7 or special',
    });
    expect(validate('add_room', { name: 'x' }, [{ s: '1' }])).toMatchObject({
      ok: false,
      parameter: 'roomOpen',
    });
  });

  it('ignores attributes it does not know', () => {
    expect(validate('add_room', { name: 'x', colour: 'blue', api_version: '2' })).toMatchObject({ ok: true });
  });
});

describe('edit_room, del_room', () => {
  it('edit_room takes roomid and changes only what it names', () => {
    expect(validate('edit_room', { roomid: '3412', max: '300' })).toEqual({
      ok: true,
      command: { type: 'edit_room', roomId: 3412, changes: { max: 300 } },
    });
  });

  it('an empty roomOpen clears the schedule; no roomOpen leaves it', () => {
    expect(validate('edit_room', { roomid: '1' }, [])).toEqual({
      ok: true,
      command: { type: 'edit_room', roomId: 1, changes: { schedule: [] } },
    });
  });

  it('edit_room without roomid is refused, even when room_id is given', () => {
    expect(validate('edit_room', { room_id: '1', name: 'x' })).toEqual({
      ok: false,
      parameter: 'roomid',
      message: 'roomid is required',
    });
  });

  it('del_room takes room_id, not roomid', () => {
    expect(validate('del_room', { room_id: '5' })).toEqual({
      ok: true,
      command: { type: 'del_room', roomId: 5 },
    });
    expect(validate('del_room', { roomid: '5' })).toMatchObject({ ok: false, parameter: 'room_id' });
    expect(validate('del_room', { room_id: 'five' })).toMatchObject({ ok: false, parameter: 'room_id' });
  });
});

describe('broadcast, private_message', () => {
  it('broadcast needs msg; userid may be left out', () => {
    expect(validate('broadcast', { msg: 'hi' })).toEqual({
      ok: true,
      command: { type: 'broadcast', from: '', text: 'hi' },
    });
    expect(validate('broadcast', { userid: 'ops' })).toMatchObject({ ok: false, parameter: 'msg' });
  });

  it('private_message needs dest_uid and msg', () => {
    expect(validate('private_message', { msg: 'hi' })).toMatchObject({
      ok: false,
      message: 'dest_uid is required',
    });
    expect(validate('private_message', { dest_uid: 'u', msg: '' })).toMatchObject({
      ok: false,
      parameter: 'msg',
    });
  });

  it("takes the emoticon as emotion (the sample) or avatar (the manual's table)", () => {
    const viaAvatar = validate('private_message', { dest_uid: 'u', msg: 'm', avatar: 'e32' });
    expect(
      viaAvatar.ok && viaAvatar.command.type === 'private_message' && viaAvatar.command.message.emoticon,
    ).toBe('e32');
    expect(validate('private_message', { dest_uid: 'u', msg: 'm', emotion: 'e33' })).toMatchObject({
      ok: false,
      parameter: 'emotion',
    });
    expect(validate('private_message', { dest_uid: 'u', msg: 'm', avatar: 'smile' })).toMatchObject({
      ok: false,
      parameter: 'avatar',
    });
  });

  it.each(['ff00ff', '0xff00f', '#ff00ff', '0xGG0000'])('refuses the colour %j', (color) => {
    expect(validate('private_message', { dest_uid: 'u', msg: 'm', color })).toMatchObject({
      ok: false,
      parameter: 'color',
    });
  });
});
