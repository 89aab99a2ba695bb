import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDataApiClient } from '../../src/data-api/index.ts';
import {
  DataApiStatusFeed,
  dataApiStatusSource,
  type StatusFeedError,
  type StatusUpdate,
} from '../../src/status/index.ts';
import { type FakeDataApi, type Route, startFakeDataApi, xmlAnswer } from '../data-api/fake-data-api.ts';

/**
 * The Data API as a status source, against a real HTTP server on loopback that answers well or
 * misbehaves as each test says: what is handed out, what is kept, what is said.
 */

const roomsXml = (counts: ReadonlyArray<[number, number]>) =>
  `<?xml version="1.0"?><rooms>${counts
    .map(([id, count]) => `<room id="${id}" name="Room ${id}" max="50" count="${count}"/>`)
    .join('')}</rooms>`;
const onlineXml = (cn: number, ln: number, rn: number) => `<online cn="${cn}" ln="${ln}" rn="${rn}"/>`;
const usersXml = (names: readonly string[]) =>
  `<users>${names.map((name) => `<user name="${name}" nickname="${name}"/>`).join('')}</users>`;

/** Each way a chat server's HTTP port was seen (or could be expected) to answer badly. */
const BAD_ANSWERS: ReadonlyArray<[string, Route | 'closed', RegExp]> = [
  ['404', xmlAnswer('<error/>', 404), /answered HTTP 404/],
  [
    'an HTML error page',
    (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!DOCTYPE html><html><body><h1>Internal error</h1></body></html>');
    },
    /cannot be read/,
  ],
  ['truncated XML', xmlAnswer('<rooms><room id="1" name="Lob'), /cannot be read/],
  ['malformed XML', xmlAnswer('this is not xml <<<'), /cannot be read/],
  [
    'a DOCTYPE',
    xmlAnswer('<?xml version="1.0"?><!DOCTYPE rooms [<!ENTITY a "aaaa">]><rooms>&a;</rooms>'),
    /cannot be read/,
  ],
  ['a huge document', xmlAnswer(`<rooms>${' '.repeat(4096)}</rooms>`), /larger than 1024 bytes/],
  ['no answer in time', () => undefined, /did not answer within 300 ms/],
  ['a closed port', 'closed', /unreachable \(connection refused\)/],
];

let api: FakeDataApi;
let now: number;
const feeds: DataApiStatusFeed[] = [];
beforeEach(async () => {
  api = await startFakeDataApi();
  now = Date.parse('2030-01-01T12:00:00Z');
  api.route(
    '/rooms.xml',
    xmlAnswer(
      roomsXml([
        [1, 3],
        [2, 0],
        [3, 5],
      ]),
    ),
  );
  api.route('/online.xml', xmlAnswer(onlineXml(9, 8, 3)));
});
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((feed) => feed.close()));
  await api.close();
});

function client(baseUrl = api.baseUrl) {
  return createDataApiClient({ baseUrl, timeoutMs: 300, maxBodyBytes: 1024 });
}

function feedOn(baseUrl?: string, pollIntervalMs = 20) {
  const errors: StatusFeedError[] = [];
  const feed = new DataApiStatusFeed({
    server: 'default',
    client: client(baseUrl),
    pollIntervalMs,
    now: () => now,
    onError: (error) => errors.push(error),
  });
  feeds.push(feed);
  const updates: StatusUpdate[] = [];
  const waiters: Array<() => void> = [];
  const subscription = feed.subscribe((update) => {
    updates.push(update);
    for (const wake of waiters.splice(0)) wake();
  });
  /** Resolves with the first update after `from` that matches. */
  const nextUpdate = async (match: (update: StatusUpdate) => boolean, from = updates.length) => {
    for (;;) {
      const found = updates.slice(from).find(match);
      if (found !== undefined) return found;
      await new Promise<void>((wake) => waiters.push(wake));
    }
  };
  return { feed, subscription, updates, errors, nextUpdate };
}

const requestsTo = (path: string) => api.requests.filter((url) => url.startsWith(path)).length;

/** Resolves once the fake has seen `count` more polls of rooms.xml: proof that polls ran. */
async function polls(count: number): Promise<void> {
  const target = requestsTo('/rooms.xml') + count;
  while (requestsTo('/rooms.xml') < target) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('DataApiStatusFeed: what it hands out', () => {
  it('reads the rooms with users and the totals first, the data dated at the poll', async () => {
    const { subscription } = feedOn();
    const first = await subscription.ready;
    expect(first.roomUsers).toEqual(
      new Map([
        [1, 3],
        [3, 5],
      ]),
    );
    expect(first.online).toEqual({ status: 'ok', counts: { connections: 9, loggedIn: 8, rooms: 3 } });
    expect(first.newestWriteAt).toBe(now);
    expect(first.unreadable.size).toBe(0);
    // The feed keeps no rosters: a roster costs a request per room.
    expect(first.rosters).toBeUndefined();
    expect(api.requests.some((url) => url.startsWith('/roomonlineusers.xml'))).toBe(false);
  });

  it('hands out only the rooms whose count changed, and the totals only when they did', async () => {
    const { subscription, nextUpdate } = feedOn();
    await subscription.ready;
    api.route(
      '/rooms.xml',
      xmlAnswer(
        roomsXml([
          [1, 3],
          [2, 4],
          [3, 0],
        ]),
      ),
    );
    const update = await nextUpdate((candidate) => candidate.cause === 'change');
    expect(update.cause === 'change' && update.changed).toEqual({ online: false, rooms: [2, 3] });
    expect(update.snapshot.roomUsers).toEqual(
      new Map([
        [1, 3],
        [2, 4],
      ]),
    );

    api.route('/online.xml', xmlAnswer(onlineXml(10, 9, 3)));
    const totals = await nextUpdate((candidate) => candidate.cause === 'change');
    expect(totals.cause === 'change' && totals.changed).toEqual({ online: true, rooms: [] });
  });

  it('hands out nothing while nothing changes, however many polls run', async () => {
    const { subscription, updates } = feedOn();
    await subscription.ready;
    await polls(5);
    expect(updates).toEqual([]);
  });

  it('asks for the users of a room listed without a count, and only of that room', async () => {
    api.route(
      '/rooms.xml',
      xmlAnswer('<rooms><room id="1" name="A" count="2"/><room id="7" name="B"/></rooms>'),
    );
    api.route('/roomonlineusers.xml', xmlAnswer(usersXml(['ann', 'bob', 'cy'])));
    const first = await feedOn().subscription.ready;
    expect(first.roomUsers).toEqual(
      new Map([
        [1, 2],
        [7, 3],
      ]),
    );
    expect(api.requests.filter((url) => url.startsWith('/roomonlineusers.xml'))).toEqual([
      '/roomonlineusers.xml?roomid=7',
    ]);
  });

  it('polls one at a time: a slow answer is never overlapped by the next poll', async () => {
    let open = 0;
    let mostOpen = 0;
    api.route('/online.xml', (_request, response) => {
      open += 1;
      mostOpen = Math.max(mostOpen, open);
      setTimeout(() => {
        open -= 1;
        xmlAnswer(onlineXml(9, 8, 3))(_request, response);
      }, 60);
    });
    const { subscription } = feedOn(undefined, 1);
    await subscription.ready;
    await polls(4);
    expect(mostOpen).toBe(1);
  });
});

describe.each(BAD_ANSWERS)('DataApiStatusFeed: %s', (_name, answer, reason) => {
  it('keeps the last good data and its age, says what failed once, and says when it answers again', async () => {
    const { feed, subscription, errors } = feedOn();
    const good = await subscription.ready;
    const goodAt = now;
    let brokenUrl = api.baseUrl;
    if (answer === 'closed') {
      const closed = await startFakeDataApi();
      brokenUrl = closed.baseUrl;
      await closed.close();
    } else api.route('/rooms.xml', answer);
    // A feed of the broken server after one good poll is the same as this one after a failure;
    // the closed port needs a feed of its own, which has had no good poll.
    const target = answer === 'closed' ? feedOn(brokenUrl).feed : feed;
    now += 30_000;
    const bad = await target.readNow();
    if (answer !== 'closed') {
      expect(bad.roomUsers).toEqual(good.roomUsers);
      expect(bad.online).toEqual(good.online);
      expect(bad.newestWriteAt).toBe(goodAt);
    } else {
      expect(bad.roomUsers).toBeUndefined();
      // Never answered: its data is as old as the feed, so serverDown comes after staleAfter.
      expect(bad.newestWriteAt).toBe(goodAt + 30_000);
    }
    expect([...bad.unreadable.values()].join(' ')).toMatch(reason);
    const troubles = () => errors.filter((error) => error.kind === 'source-trouble');
    if (answer === 'closed') return;
    await target.readNow();
    expect(troubles()).toHaveLength(1);
    expect(troubles()[0]?.message).toMatch(reason);
    expect(troubles()[0]?.message).toContain('the last good data is kept');

    api.route(
      '/rooms.xml',
      xmlAnswer(
        roomsXml([
          [1, 3],
          [2, 0],
          [3, 5],
        ]),
      ),
    );
    now += 1000;
    const again = await target.readNow();
    expect(again.unreadable.size).toBe(0);
    expect(again.newestWriteAt).toBe(now);
    expect(troubles().map((error) => error.message)).toEqual([
      expect.stringMatching(reason),
      `the Data API at ${api.baseUrl.replace('http://', '')}/ answers again`,
    ]);
  });
});

describe('dataApiStatusSource: what a command reads', () => {
  it('reads the totals and a roster now, with no age', async () => {
    api.route('/roomonlineusers.xml', xmlAnswer(usersXml(['zoe', 'Ann'])));
    const source = dataApiStatusSource({ client: client(), now: () => now });
    expect(await source.online()).toEqual({
      status: 'ok',
      counts: { connections: 9, loggedIn: 8, rooms: 3 },
      ageMs: 0,
    });
    expect(await source.roster(1)).toEqual({ status: 'ok', userNames: ['zoe', 'Ann'], ageMs: 0 });
    expect(api.requests).toContain('/roomonlineusers.xml?roomid=1');
  });

  it('shows the last good answer with its age and what failed; nothing good yet is unavailable', async () => {
    api.route('/roomonlineusers.xml', xmlAnswer(usersXml(['zoe'])));
    const source = dataApiStatusSource({ client: client(), now: () => now });
    await source.online();
    await source.roster(1);
    api.route('/online.xml', xmlAnswer('<html>502 Bad Gateway</html>', 502));
    api.route('/roomonlineusers.xml', xmlAnswer('<html>502</html>', 502));
    now += 42_000;
    const online = await source.online();
    expect(online).toMatchObject({ status: 'ok', ageMs: 42_000 });
    expect(online.status === 'ok' && online.staleBecause).toMatch(/answered HTTP 502/);
    expect(await source.roster(1)).toMatchObject({ status: 'ok', userNames: ['zoe'], ageMs: 42_000 });
    expect(await source.roster(2)).toEqual({
      status: 'unavailable',
      endpoint: expect.stringMatching(/roomonlineusers\.xml$/),
      reason: expect.stringMatching(/answered HTTP 502/),
    });
  });
});
