import { describe, expect, it } from 'vitest';
import { buildCommandXml } from '../../src/protocol/command-xml.ts';
import { InvalidCommandError } from '../../src/protocol/errors.ts';
import type { ServerCommand } from '../../src/protocol/server-commands.ts';

const address = { group: 'default', apiPassword: '3874-3459-9999-2199' };
const head = '<?xml version="1.0" encoding="UTF-8"?><Command group="default" api_pwd="3874-3459-9999-2199"';

function problemsOf(command: unknown): Array<{ parameter: string; message: string }> {
  try {
    buildCommandXml(command as ServerCommand, address);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCommandError);
    return [...(error as InvalidCommandError).problems];
  }
  throw new Error('the command was accepted');
}

describe('buildCommandXml writes the manual shape', () => {
  it('add_room: every room parameter, flags as true/false, the roomOpen schedule as a child element', () => {
    const xml = buildCommandXml(
      {
        type: 'add_room',
        params: {
          name: 'test room',
          owner: 'aaa',
          desc: 'room for test',
          max: 200,
          speaker: 'bbb',
          member: false,
          pwd: '',
          passallmessage: true,
          en: true,
          st: 2,
          wm: 'Hi',
          audio: true,
          video: false,
          wb: true,
          roomOpen: [
            { o: 'day2', s: '00:00:00', e: '10:00:00' },
            { o: 'special', s: '2014-08-27 11:45:00', e: '2014-08-27 13:00:00' },
          ],
        },
      },
      address,
    );
    expect(xml).toBe(
      `${head} type="add_room" name="test room" owner="aaa" desc="room for test" max="200" speaker="bbb" member="false" pwd="" passallmessage="true" en="true" st="2" wm="Hi" audio="true" video="false" wb="true">` +
        '<roomOpen><Time o="day2" s="00:00:00" e="10:00:00"/><Time o="special" s="2014-08-27 11:45:00" e="2014-08-27 13:00:00"/></roomOpen></Command>',
    );
  });

  it('add_room with a requested id and no schedule is a single empty element', () => {
    expect(buildCommandXml({ type: 'add_room', params: { id: 7, name: 'Seven' } }, address)).toBe(
      `${head} type="add_room" id="7" name="Seven"/>`,
    );
  });

  it('edit_room takes roomid, del_room takes room_id', () => {
    expect(
      buildCommandXml(
        {
          type: 'edit_room',
          params: { roomid: 3412, name: 'new name', member: true, pwd: 'new_pwd', passallmessage: false },
        },
        address,
      ),
    ).toBe(
      `${head} type="edit_room" roomid="3412" name="new name" member="true" pwd="new_pwd" passallmessage="false"/>`,
    );
    expect(buildCommandXml({ type: 'del_room', params: { room_id: 1 } }, address)).toBe(
      `${head} type="del_room" room_id="1"/>`,
    );
  });

  it('broadcast and the group commands', () => {
    expect(
      buildCommandXml(
        { type: 'broadcast', params: { userid: 'test', msg: 'welcome to 123flashcaht' } },
        address,
      ),
    ).toBe(`${head} type="broadcast" userid="test" msg="welcome to 123flashcaht"/>`);
    expect(buildCommandXml({ type: 'start_group', params: {} }, address)).toBe(
      `${head} type="start_group"/>`,
    );
    expect(buildCommandXml({ type: 'stop_group', group: 'sales', params: {} }, address)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Command group="sales" api_pwd="3874-3459-9999-2199" type="stop_group"/>',
    );
  });

  it('private_message: emotion as in the sample, b/i/u as 1/0, colour 0xRRGGBB', () => {
    expect(
      buildCommandXml(
        {
          type: 'private_message',
          params: {
            dest_uid: 'test',
            msg: 'hello world',
            emotion: 'e2',
            owner_uid: 'admin',
            owner_nick: 'admin',
            b: true,
            i: false,
            u: true,
            color: '0xff00ff',
          },
        },
        address,
      ),
    ).toBe(
      `${head} type="private_message" dest_uid="test" msg="hello world" emotion="e2" owner_uid="admin" owner_nick="admin" b="1" i="0" u="1" color="0xff00ff"/>`,
    );
  });

  it('escapes every value, the password included', () => {
    const xml = buildCommandXml(
      { type: 'broadcast', params: { userid: `"o'k"`, msg: 'a<b>&c\n\td\r' } },
      { group: 'g&g', apiPassword: 'p"w<' },
    );
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Command group="g&amp;g" api_pwd="p&quot;w&lt;" type="broadcast" userid="&quot;o&apos;k&quot;" msg="a&lt;b&gt;&amp;c&#10;&#9;d&#13;"/>',
    );
  });
});

describe('buildCommandXml refuses what cannot be sent, naming the parameter', () => {
  it('the zero byte and other characters XML cannot carry', () => {
    expect(problemsOf({ type: 'broadcast', params: { userid: 'ops', msg: 'hi\0there' } })).toEqual([
      { parameter: 'msg', message: 'contains the zero byte (U+0000) at position 3, which XML cannot carry' },
    ]);
    expect(problemsOf({ type: 'add_room', params: { name: 'x', desc: 'bell\u0007' } })[0]?.parameter).toBe(
      'desc',
    );
    expect(problemsOf({ type: 'add_room', params: { name: 'x', wm: 'half \uD83D' } })[0]?.message).toContain(
      'unpaired surrogate',
    );
    expect(problemsOf({ type: 'start_group', group: 'a\0', params: {} })).toEqual([
      {
        parameter: 'group',
        message: 'contains the zero byte (U+0000) at position 2, which XML cannot carry',
      },
    ]);
  });

  it('missing, empty and unknown parameters', () => {
    expect(problemsOf({ type: 'private_message', params: { msg: '  ', zzz: 1 } })).toEqual([
      { parameter: 'dest_uid', message: 'is required' },
      { parameter: 'msg', message: 'must not be empty' },
      { parameter: 'zzz', message: 'is not a parameter of this command' },
    ]);
    expect(problemsOf({ type: 'edit_room', params: { roomid: 4 } })).toEqual([
      { parameter: '', message: 'nothing to change: give at least one setting besides roomid' },
    ]);
  });

  it('bad numbers, colours, emoticons, display modes and schedules', () => {
    expect(problemsOf({ type: 'add_room', params: { name: 'x', max: 0, st: 1 } })).toEqual([
      { parameter: 'max', message: 'must be greater than 0' },
      { parameter: 'st', message: 'must be 0 (text and avatar clients) or 2 (avatar client only)' },
    ]);
    expect(problemsOf({ type: 'del_room', params: { room_id: 1.5 } })).toEqual([
      { parameter: 'room_id', message: 'must be a whole number' },
    ]);
    expect(
      problemsOf({
        type: 'private_message',
        params: { dest_uid: 'a', msg: 'b', color: '#ff0000', emotion: 'e33' },
      }),
    ).toEqual([
      { parameter: 'emotion', message: 'must be one of e1 to e32' },
      { parameter: 'color', message: 'must be a colour written 0xRRGGBB, e.g. 0xFF0000 for red' },
    ]);
    expect(
      problemsOf({
        type: 'add_room',
        params: { name: 'x', roomOpen: [{ o: 'day2', s: '25:00:00', e: '10:00:00' }] },
      }),
    ).toEqual([{ parameter: 'roomOpen.0.s', message: 'must be a time of day written HH:MM:SS' }]);
  });

  it('the error message lists every problem and never the password', () => {
    const error = (() => {
      try {
        buildCommandXml({ type: 'broadcast', params: { userid: '', msg: '\0' } }, address);
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('accepted');
    })();
    expect(error.message).toBe(
      'broadcast: userid must not be empty; msg contains the zero byte (U+0000) at position 1, which XML cannot carry',
    );
    expect(error.message).not.toContain(address.apiPassword);
  });
});
