import { type AddressInfo, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  createDataApiClient,
  type DataApiFailure,
  type DataApiResult,
  type OnlineTotals,
  type OnlineUser,
  type Room,
} from '../../src/data-api/index.ts';
import { type FakeDataApi, startFakeDataApi, xmlAnswer } from './fake-data-api.ts';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

let api: FakeDataApi;

beforeEach(async () => {
  api = await startFakeDataApi();
});

afterEach(async () => {
  await api.close();
});

function dataOf<T>(result: DataApiResult<T>): T {
  if (!result.ok) throw new Error(`expected data, got ${result.failure.message}`);
  return result.value;
}

function failureOf<T>(result: DataApiResult<T>): DataApiFailure {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.failure;
}

describe('rooms()', () => {
  it('reads every room, decoding entity-escaped attribute values exactly once', async () => {
    api.route(
      '/rooms.xml',
      xmlAnswer(
        `${XML_DECLARATION}<rooms>` +
          '<room id="1" name="General Test" max="200" desc="" count="3" owner="admin" speaker="" wm="" memberonly="0" passallmessage="0" en="1" st="0"/>' +
          '<room id="2" name="Tom &amp; Jerry&#10;&lt;fans&gt;" max="50" desc=" two  spaces " count="0" owner="&quot;mod&quot;" speaker="bob" wm="Welcome&#x21; &amp;amp;" memberonly="true" passallmessage="1" en="0" st="2"/>' +
          '<room id="12" name="聊天室 🦊 שלום"/>' +
          '</rooms>',
      ),
    );
    const client = createDataApiClient({ baseUrl: api.baseUrl, group: 'default' });
    expect(dataOf(await client.rooms())).toEqual([
      {
        id: 1,
        name: 'General Test',
        capacity: 200,
        description: '',
        userCount: 3,
        owner: 'admin',
        speaker: '',
        welcomeMessage: '',
        membersOnly: false,
        moderatedChat: false,
        open: true,
        displayMode: 0,
      },
      {
        id: 2,
        name: 'Tom & Jerry\n<fans>',
        capacity: 50,
        description: ' two  spaces ',
        userCount: 0,
        owner: '"mod"',
        speaker: 'bob',
        welcomeMessage: 'Welcome! &amp;',
        membersOnly: true,
        moderatedChat: true,
        open: false,
        displayMode: 2,
      },
      {
        id: 12,
        name: '聊天室 🦊 שלום',
        capacity: undefined,
        description: '',
        userCount: undefined,
        owner: '',
        speaker: '',
        welcomeMessage: '',
        membersOnly: undefined,
        moderatedChat: undefined,
        open: undefined,
        displayMode: undefined,
      },
    ]);
    expect(api.requests).toEqual(['/rooms.xml?group=default']);
  });

  it('reads a single room as a list of one', async () => {
    api.route('/rooms.xml', xmlAnswer('<rooms><room id="7" name="Solo" count="1"/></rooms>'));
    const rooms = dataOf(await createDataApiClient({ baseUrl: api.baseUrl }).rooms());
    expect(rooms.map((room) => [room.id, room.name, room.userCount])).toEqual([[7, 'Solo', 1]]);
  });

  it('reads zero rooms, written either way', async () => {
    const client = createDataApiClient({ baseUrl: api.baseUrl });
    api.route('/rooms.xml', xmlAnswer(`${XML_DECLARATION}<rooms/>`));
    expect(dataOf(await client.rooms())).toEqual([]);
    api.route('/rooms.xml', xmlAnswer(`${XML_DECLARATION}\n<rooms>\n</rooms>\n`));
    expect(dataOf(await client.rooms())).toEqual([]);
  });

  it('normalises literal line breaks and tabs in attributes to spaces, as XML parsers must', async () => {
    api.route('/rooms.xml', xmlAnswer('<rooms><room id="3" name="a\r\nb\tc"/></rooms>'));
    const rooms = dataOf(await createDataApiClient({ baseUrl: api.baseUrl }).rooms());
    expect(rooms[0]?.name).toBe('a b c');
  });

  it('asks for the configured group, URL-encoded', async () => {
    api.route('/rooms.xml', xmlAnswer('<rooms/>'));
    await createDataApiClient({ baseUrl: api.baseUrl, group: 'team a&b' }).rooms();
    expect(api.requests).toEqual(['/rooms.xml?group=team+a%26b']);
  });

  it('keeps a path prefix of the base URL', async () => {
    api.route('/chat/data/rooms.xml', xmlAnswer('<rooms/>'));
    const result = await createDataApiClient({ baseUrl: `${api.baseUrl}/chat/data` }).rooms();
    expect(dataOf(result)).toEqual([]);
  });
});

describe('roomUsers() and groupUsers()', () => {
  it('reads the users of one room by id', async () => {
    api.route(
      '/roomonlineusers.xml',
      xmlAnswer('<users><user name="alice" nickname="Alice &amp; co" roomid="1"/><user name="bob"/></users>'),
    );
    const users = dataOf(await createDataApiClient({ baseUrl: api.baseUrl }).roomUsers(1));
    expect(users).toEqual([
      { name: 'alice', nickname: 'Alice & co', roomId: 1 },
      { name: 'bob', nickname: undefined, roomId: undefined },
    ]);
    expect(api.requests).toEqual(['/roomonlineusers.xml?roomid=1']);
  });

  it('reads one user and zero users', async () => {
    const client = createDataApiClient({ baseUrl: api.baseUrl });
    api.route(
      '/roomonlineusers.xml',
      xmlAnswer('<users><user name="solo" nickname="Solo" roomid="4"/></users>'),
    );
    expect(dataOf(await client.roomUsers(4))).toEqual([{ name: 'solo', nickname: 'Solo', roomId: 4 }]);
    api.route('/roomonlineusers.xml', xmlAnswer('<users></users>'));
    expect(dataOf(await client.roomUsers(4))).toEqual([]);
  });

  it('reads the users of the whole group', async () => {
    api.route(
      '/roomonlineusers.xml',
      xmlAnswer('<users><user name="carol" nickname="C" roomid="2"/></users>'),
    );
    const users = dataOf(await createDataApiClient({ baseUrl: api.baseUrl, group: 'g2' }).groupUsers());
    expect(users).toEqual([{ name: 'carol', nickname: 'C', roomId: 2 }]);
    expect(api.requests).toEqual(['/roomonlineusers.xml?group=g2']);
  });

  it('refuses a room id that is not a non-negative integer', async () => {
    const client = createDataApiClient({ baseUrl: api.baseUrl });
    await expect(client.roomUsers(-1)).rejects.toThrow(RangeError);
    await expect(client.roomUsers(2.5)).rejects.toThrow(RangeError);
    expect(api.requests).toEqual([]);
  });
});

describe('online()', () => {
  it('reads the connection, logged-in and room totals', async () => {
    api.route('/online.xml', xmlAnswer(`${XML_DECLARATION}<online cn="230" ln="199" rn="10"/>`));
    const totals = dataOf(await createDataApiClient({ baseUrl: api.baseUrl }).online());
    expect(totals).toEqual({ connections: 230, loggedIn: 199, rooms: 10 });
    expect(api.requests).toEqual(['/online.xml?group=default']);
  });

  it('calls a document without the totals malformed', async () => {
    api.route('/online.xml', xmlAnswer('<online cn="230"/>'));
    const failure = failureOf(await createDataApiClient({ baseUrl: api.baseUrl }).online());
    expect(failure.kind).toBe('malformed');
    expect(failure.kind === 'malformed' && failure.reason).toMatch(/^ln: .*; rn: /);
  });
});

describe('documents that are refused', () => {
  const BILLION_LAUGHS =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
    '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">' +
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
    '<rooms><room id="1" name="&lol3;"/></rooms>';

  async function roomsFailure(body: string): Promise<DataApiFailure> {
    api.route('/rooms.xml', xmlAnswer(body));
    return failureOf(await createDataApiClient({ baseUrl: api.baseUrl }).rooms());
  }

  it('refuses a DOCTYPE (billion laughs) without expanding anything', async () => {
    const failure = await roomsFailure(BILLION_LAUGHS);
    expect(failure).toMatchObject({
      kind: 'malformed',
      endpoint: `${api.baseUrl.replace('http://', '')}/rooms.xml`,
    });
    expect(failure.kind === 'malformed' && failure.reason).toContain('DOCTYPE');
  });

  it('calls garbage malformed', async () => {
    const failure = await roomsFailure('Service temporarily unavailable');
    expect(failure.kind).toBe('malformed');
    expect(failure.message).toMatch(
      /^the Data API at 127\.0\.0\.1:\d+\/rooms\.xml sent a document that cannot be read: it is not well-formed XML/,
    );
  });

  it('calls a truncated document malformed', async () => {
    expect((await roomsFailure('<rooms><room id="1" name="cut')).kind).toBe('malformed');
  });

  it('calls a document with the wrong root malformed', async () => {
    const failure = await roomsFailure('<users/>');
    expect(failure.kind === 'malformed' && failure.reason).toBe(
      'expected one <rooms> element at the top, found <users>',
    );
  });

  it('names the attribute that is not a number', async () => {
    const failure = await roomsFailure('<rooms><room id="1"/><room id="2" count="many"/></rooms>');
    expect(failure.kind === 'malformed' && failure.reason).toBe('room[1].count: expected a whole number');
  });

  it('calls a room without an id malformed', async () => {
    const failure = await roomsFailure('<rooms><room name="nameless"/></rooms>');
    expect(failure.kind === 'malformed' && failure.reason).toMatch(/^room\[0\]\.id: /);
  });

  it('refuses an entity that XML does not predefine', async () => {
    const failure = await roomsFailure('<rooms><room id="1" name="&bogus;"/></rooms>');
    expect(failure.kind === 'malformed' && failure.reason).toMatch(
      /^room\[0\]\.name: the reference '&bogus;'/,
    );
  });

  it('refuses a document larger than the limit', async () => {
    api.route('/rooms.xml', xmlAnswer(`<rooms>${'<room id="1"/>'.repeat(500)}</rooms>`));
    const result = await createDataApiClient({ baseUrl: api.baseUrl, maxBodyBytes: 1000 }).rooms();
    expect(failureOf(result)).toMatchObject({ kind: 'malformed', reason: 'it is larger than 1000 bytes' });
  });
});

describe('transport failures', () => {
  it('reports an HTTP error status', async () => {
    api.route('/rooms.xml', xmlAnswer('<error>boom</error>', 500));
    const failure = failureOf(await createDataApiClient({ baseUrl: api.baseUrl }).rooms());
    expect(failure).toMatchObject({ kind: 'http-status', status: 500 });
    expect(failure.message).toMatch(
      /^the Data API at 127\.0\.0\.1:\d+\/rooms\.xml answered HTTP 500 Internal Server Error$/,
    );
  });

  it('reports a redirect as an HTTP status instead of following it', async () => {
    api.route('/online.xml', (_request, response) => {
      response.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' });
      response.end();
    });
    const failure = failureOf(await createDataApiClient({ baseUrl: api.baseUrl }).online());
    expect(failure).toMatchObject({ kind: 'http-status', status: 302 });
  });

  it('times out on a server that never answers', async () => {
    api.route('/online.xml', () => undefined);
    // The answer is the timeout's (kind and configured value), not how long it took.
    const failure = failureOf(await createDataApiClient({ baseUrl: api.baseUrl, timeoutMs: 150 }).online());
    expect(failure).toMatchObject({ kind: 'timeout', timeoutMs: 150 });
    expect(failure.message).toMatch(
      /^the Data API at 127\.0\.0\.1:\d+\/online\.xml did not answer within 150 ms$/,
    );
  });

  it('times out on a server that stops in the middle of the body', async () => {
    api.route('/rooms.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.write('<rooms><room id="1"/>');
    });
    const failure = failureOf(await createDataApiClient({ baseUrl: api.baseUrl, timeoutMs: 150 }).rooms());
    expect(failure.kind).toBe('timeout');
  });

  it('reports a closed port as unreachable', async () => {
    const baseUrl = api.baseUrl;
    await api.close();
    api = await startFakeDataApi();
    const failure = failureOf(await createDataApiClient({ baseUrl }).online());
    expect(failure).toMatchObject({ kind: 'unreachable', code: 'ECONNREFUSED' });
    expect(failure.message).toBe(
      `the Data API at ${baseUrl.replace('http://', '')}/online.xml is unreachable (connection refused)`,
    );
  });

  it('reports a peer that does not speak HTTP as a failed connection', async () => {
    // What the chat port (51127) might answer to an HTTP request.
    const sockets = new Set<Socket>();
    const notHttp: Server = createTcpServer((socket) => {
      sockets.add(socket);
      socket.end('<cross-domain-policy/>\0');
    });
    await new Promise<void>((resolve) => notHttp.listen(0, '127.0.0.1', resolve));
    const { port } = notHttp.address() as AddressInfo;
    try {
      const failure = failureOf(await createDataApiClient({ baseUrl: `http://127.0.0.1:${port}` }).online());
      expect(failure.kind).toBe('connection-failed');
      expect(failure.message).toMatch(
        new RegExp(
          `^the connection to the Data API at 127\\.0\\.0\\.1:${port}/online\\.xml failed \\(the answer is not HTTP: HPE_`,
        ),
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => notHttp.close(resolve));
    }
  });
});

describe('credentials in the base URL', () => {
  it('sends them as Basic authorization and never shows them or the query in a message', async () => {
    api.route('/rooms.xml', xmlAnswer('oops', 503));
    const baseUrl = `${api.baseUrl.replace('http://', 'http://ops:s3cret@')}/?key=hush`;
    const failure = failureOf(await createDataApiClient({ baseUrl }).rooms());
    expect(api.requests).toEqual(['/rooms.xml?key=hush&group=default']);
    expect(api.authorizations).toEqual([`Basic ${Buffer.from('ops:s3cret').toString('base64')}`]);
    expect(failure.kind).toBe('http-status');
    const shown = JSON.stringify(failure);
    for (const secret of ['s3cret', 'ops', 'hush', 'key=']) expect(shown).not.toContain(secret);
  });
});

describe('createDataApiClient options', () => {
  it('refuses options that cannot work, at once', () => {
    expect(() => createDataApiClient({ baseUrl: 'not a url' })).toThrow(TypeError);
    expect(() => createDataApiClient({ baseUrl: 'ftp://127.0.0.1:35555' })).toThrow(TypeError);
    expect(() => createDataApiClient({ baseUrl: 'http://127.0.0.1:35555', timeoutMs: 0 })).toThrow(TypeError);
    expect(() => createDataApiClient({ baseUrl: 'http://127.0.0.1:35555', group: '' })).toThrow(TypeError);
  });
});

describe('result types derived from the schemas', () => {
  it('exposes optional attributes as possibly undefined and required ones as values', () => {
    expectTypeOf<Room['id']>().toEqualTypeOf<number>();
    expectTypeOf<Room['name']>().toEqualTypeOf<string>();
    expectTypeOf<Room['capacity']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Room['open']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<OnlineUser['nickname']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<OnlineTotals>().toEqualTypeOf<{ connections: number; loggedIn: number; rooms: number }>();
  });
});
