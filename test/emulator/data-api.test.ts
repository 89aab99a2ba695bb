import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from './harness.ts';

let chat: TestEmulator;

beforeAll(async () => {
  chat = await startTestEmulator({
    groups: ['default', 'vip'],
    rooms: [
      { id: 1, name: 'General Test', owner: 'admin', max: 200 },
      { id: 2, name: 'Q&A "live" <now>', desc: "it's\nhere", max: 5 },
      { id: 7, name: 'VIP', group: 'vip' },
    ],
  });
  const { state } = chat.emulator;
  state.join('default', 1, 'alice');
  state.join('default', 1, 'bob');
  state.join('default', 2, 'chloé & co');
  state.connect('default', 'dan');
  state.connect('default');
  state.join('vip', 7, 'victor');
});

afterAll(async () => {
  await chat.close();
});

async function get(path: string): Promise<{ status: number; type: string | null; body: string }> {
  const response = await chat.fetch(path);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

const XML_TYPE = 'text/xml; charset=utf-8';
const JS_TYPE = 'application/javascript; charset=utf-8';

describe('rooms', () => {
  it('rooms.xml lists the rooms with their counts, every value escaped', async () => {
    expect(await get('/rooms.xml')).toEqual({
      status: 200,
      type: XML_TYPE,
      body:
        '<?xml version="1.0" encoding="UTF-8"?><rooms>' +
        '<room id="1" name="General Test" max="200" desc="" count="2" owner="admin" speaker="" wm="" memberonly="0" passallmessage="0" en="1" st="0"/>' +
        '<room id="2" name="Q&amp;A &quot;live&quot; &lt;now&gt;" max="5" desc="it&apos;s&#10;here" count="1" owner="" speaker="" wm="" memberonly="0" passallmessage="0" en="1" st="0"/>' +
        '</rooms>',
    });
  });

  it('rooms.js carries the same values as strings', async () => {
    const answer = await get('/rooms.js?listrooms=1');
    expect(answer.type).toBe(JS_TYPE);
    expect(answer.body).toBe(
      'var rooms = [ {"id":"1","name":"General Test","max":"200","desc":"","count":"2","owner":"admin","speaker":"","wm":"","memberonly":"0","passallmessage":"0","en":"1","st":"0"} ];',
    );
  });

  it('listrooms picks rooms by id; group picks the group', async () => {
    expect((await get('/rooms.xml?listrooms=2,99')).body).toMatch(
      /^<\?xml[^>]*\?><rooms><room id="2" [^>]*\/><\/rooms>$/,
    );
    expect((await get('/rooms.xml?group=vip')).body).toContain('<room id="7" name="VIP"');
    expect((await get('/rooms.js?group=vip&listrooms=1')).body).toBe('var rooms = [];');
  });
});

describe('room online users', () => {
  it('roomonlineusers.xml?roomid= lists that room', async () => {
    expect(await get('/roomonlineusers.xml?roomid=1')).toEqual({
      status: 200,
      type: XML_TYPE,
      body: '<?xml version="1.0" encoding="UTF-8"?><users><user name="alice" nickname="alice" roomid="1"/><user name="bob" nickname="bob" roomid="1"/></users>',
    });
  });

  it('without roomid, every room of the group; lobby users are in no room', async () => {
    const answer = await get('/roomonlineusers.js?group=default');
    expect(answer.type).toBe(JS_TYPE);
    expect(answer.body).toBe(
      'var roomonlineusers = [ {"name":"alice","nickname":"alice","roomid":"1"}, {"name":"bob","nickname":"bob","roomid":"1"}, {"name":"chloé & co","nickname":"chloé & co","roomid":"2"} ];',
    );
    expect((await get('/roomonlineusers.xml?roomid=2')).body).toContain('name="chloé &amp; co"');
  });
});

describe('online counts and restart', () => {
  it('online.xml and online.js give connections, logged-in users and rooms', async () => {
    expect(await get('/online.xml')).toEqual({
      status: 200,
      type: XML_TYPE,
      body: '<?xml version="1.0" encoding="UTF-8"?><online cn="5" ln="4" rn="2"/>',
    });
    expect(await get('/online.js?group=vip')).toEqual({
      status: 200,
      type: JS_TYPE,
      body: 'var online = {"cn":"1","ln":"1","rn":"1"};',
    });
  });

  it('restartgroup.api answers 0 and drops the group’s connections', async () => {
    expect(await get('/restartgroup.api?group=vip')).toEqual({
      status: 200,
      type: 'text/plain; charset=utf-8',
      body: '0',
    });
    expect(chat.emulator.state.counts('vip')).toEqual({ connections: 0, loggedIn: 0, rooms: 1 });
    expect(chat.emulator.state.isRunning('vip')).toBe(true);
    expect(chat.emulator.state.counts('default').connections).toBe(5);
  });
});

describe('what the Data API does not answer', () => {
  it.each([
    ['/nothing.xml', 404],
    ['/rooms.xml?group=nope', 404],
    ['/rooms.xml?listrooms=a,b', 400],
    ['/roomonlineusers.xml?roomid=-1', 400],
    ['/', 404],
  ])('%s -> %i', async (path, status) => {
    expect((await get(path)).status).toBe(status);
  });

  it('refuses methods other than GET and HEAD; HEAD has headers only', async () => {
    const post = await fetch(`http://127.0.0.1:${chat.emulator.httpPort}/rooms.xml`, { method: 'POST' });
    expect(post.status).toBe(405);
    await post.text();
    const head = await fetch(`http://127.0.0.1:${chat.emulator.httpPort}/online.xml`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const body = '<?xml version="1.0" encoding="UTF-8"?><online cn="5" ln="4" rn="2"/>';
    expect(head.headers.get('content-length')).toBe(String(body.length));
    expect(await head.text()).toBe('');
  });
});

describe('restartgroup.api from an address not allowed', () => {
  it('is refused with 403 while the read-only answers stay open', async () => {
    const strict = await startTestEmulator({ allow: ['10.9.9.9'] });
    try {
      strict.emulator.state.join('default', 1, 'alice');
      expect((await strict.fetch('/restartgroup.api')).status).toBe(403);
      expect(strict.emulator.state.isOnline('default', 'alice')).toBe(true);
      expect((await strict.fetch('/online.xml')).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
