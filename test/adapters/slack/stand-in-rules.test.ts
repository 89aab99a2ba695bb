import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import type { Reply } from '../../../src/replies/reply.ts';
import { type Stack, startStack } from '../../e2e/harness.ts';
import { BLOCK_KIT_LIMITS, blockKitRefusal } from '../../helpers/slack-block-limits.ts';
import {
  ADMIN,
  messageText,
  pageButton,
  SIGNING_SECRET,
  startSlackTestApp,
} from '../../helpers/slack-test-app.ts';
import {
  APP_TOKEN,
  BOT_TOKEN,
  RESPONSE_URL_LIFETIME_MS,
  type SlackWebApiStandIn,
  startSlackWebApiStandIn,
} from '../../helpers/slack-web-api-stand-in.ts';

/**
 * The Slack stand-in's rules (see slack-web-api-stand-in.ts for where each comes from): each is
 * shown refusing a raw request, so that the rule cannot silently stop working, and the real
 * adapter is shown living with it.
 */

interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown> | undefined;
}

async function raw(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A valid message, to break one limit at a time. */
const section = (text: string) => ({ type: 'section', text: { type: 'plain_text', text } });
const button = (overrides: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: 'fc:confirm:1',
  text: { type: 'plain_text', text: 'Delete' },
  value: 'v',
  ...overrides,
});
const confirmDialog = (overrides: Record<string, unknown> = {}) => ({
  title: { type: 'plain_text', text: 'Sure?' },
  text: { type: 'plain_text', text: 'It cannot be undone.' },
  confirm: { type: 'plain_text', text: 'Delete' },
  deny: { type: 'plain_text', text: 'Keep' },
  ...overrides,
});
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const x = (count: number) => 'x'.repeat(count);

describe('the stand-in refuses what Slack refuses (raw requests)', () => {
  let api: SlackWebApiStandIn;
  let clock = 1_000_000;
  beforeAll(async () => {
    api = await startSlackWebApiStandIn({ now: () => clock });
  });
  afterAll(async () => api?.close());
  const method = (name: string) => `${api.apiUrl}${name}`;

  describe('the token, on every method', () => {
    it.each(['auth.test', 'chat.postMessage', 'usergroups.users.list', 'files.getUploadURLExternal'])(
      '%s: none is not_authed, a wrong one invalid_auth, both as HTTP 200 with ok: false',
      async (name) => {
        const none = await raw(method(name), { channel: 'C1', text: 'hi' });
        expect(none.status).toBe(200);
        expect(none.json).toEqual({ ok: false, error: 'not_authed' });
        const wrong = await raw(method(name), { channel: 'C1', text: 'hi' }, bearer(`${BOT_TOKEN}x`));
        expect(wrong.status).toBe(200);
        expect(wrong.json).toEqual({ ok: false, error: 'invalid_auth' });
        // The app-level token is not a bot token.
        const app = await raw(method(name), { channel: 'C1', text: 'hi' }, bearer(APP_TOKEN));
        expect(app.json).toEqual({ ok: false, error: 'invalid_auth' });
        expect(api.refusals.filter((refusal) => refusal.where === name).map((r) => r.error)).toEqual([
          'not_authed',
          'invalid_auth',
          'invalid_auth',
        ]);
      },
    );

    it('the right token is taken from the Authorization header or a `token` param', async () => {
      expect((await raw(method('auth.test'), {}, bearer(BOT_TOKEN))).json).toMatchObject({ ok: true });
      const form = await fetch(method('auth.test'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: BOT_TOKEN }).toString(),
      });
      expect(await form.json()).toMatchObject({ ok: true, team_id: 'T1' });
    });

    it('apps.connections.open takes the app-level token only', async () => {
      api.answer('apps.connections.open', () => ({ body: { ok: true, url: 'ws://127.0.0.1:1/' } }));
      expect((await raw(method('apps.connections.open'), {}, bearer(BOT_TOKEN))).json).toEqual({
        ok: false,
        error: 'invalid_auth',
      });
      expect((await raw(method('apps.connections.open'), {}, bearer(APP_TOKEN))).json).toMatchObject({
        ok: true,
      });
    });

    it('a refused call does not use up what a test scripted', async () => {
      api.script('auth.test', { body: { ok: false, error: 'account_inactive' } });
      await raw(method('auth.test'), {});
      expect((await raw(method('auth.test'), {}, bearer(BOT_TOKEN))).json).toEqual({
        ok: false,
        error: 'account_inactive',
      });
    });
  });

  describe('ratelimited on demand, per method', () => {
    it('HTTP 429 with Retry-After and ok: false, for as many calls as asked; other methods unaffected', async () => {
      api.rateLimit('usergroups.users.list', { retryAfterSeconds: 7, times: 2 });
      for (let call = 0; call < 2; call += 1) {
        const limited = await raw(method('usergroups.users.list'), { usergroup: 'S1' }, bearer(BOT_TOKEN));
        expect(limited.status).toBe(429);
        expect(limited.headers.get('retry-after')).toBe('7');
        expect(limited.json).toEqual({ ok: false, error: 'ratelimited' });
      }
      expect((await raw(method('auth.test'), {}, bearer(BOT_TOKEN))).status).toBe(200);
      const after = await raw(method('usergroups.users.list'), { usergroup: 'S1' }, bearer(BOT_TOKEN));
      expect(after.status).toBe(200);
      expect(after.json).toEqual({ ok: false, error: 'no_such_subteam' });
    });

    it('the token is checked before the rate limit', async () => {
      api.rateLimit('auth.test');
      expect((await raw(method('auth.test'), {})).json).toEqual({ ok: false, error: 'not_authed' });
      expect((await raw(method('auth.test'), {}, bearer(BOT_TOKEN))).status).toBe(429);
    });
  });

  describe('Block Kit, on chat.postMessage, chat.update and response_url posts', () => {
    const L = BLOCK_KIT_LIMITS;
    /** Each case breaks one documented limit; the pointer says where. */
    const broken: Array<[string, unknown[], string]> = [
      [`${L.blocksPerMessage + 1} blocks`, Array.from({ length: 51 }, () => section('a')), '/blocks'],
      ['a block_id of 256', [{ ...section('a'), block_id: x(256) }], '/blocks/0/block_id'],
      ['section text of 3001', [section(x(3001))], '/blocks/0/text/text'],
      ['an empty section text', [section('')], '/blocks/0/text/text'],
      ['a section with neither text nor fields', [{ type: 'section' }], '/blocks/0'],
      [
        '11 fields',
        [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }],
        '/blocks/0/fields',
      ],
      ['a field of 2001', [{ type: 'section', fields: [mrkdwn(x(2001))] }], '/blocks/0/fields/0/text'],
      [
        'a header of 151',
        [{ type: 'header', text: { type: 'plain_text', text: x(151) } }],
        '/blocks/0/text/text',
      ],
      ['a mrkdwn header', [{ type: 'header', text: mrkdwn('Title') }], '/blocks/0/text/type'],
      [
        'text object type markdown',
        [{ type: 'section', text: { type: 'markdown', text: 'a' } }],
        '/blocks/0/text/type',
      ],
      [
        'emoji on mrkdwn',
        [{ type: 'section', text: { ...mrkdwn('a'), emoji: true } }],
        '/blocks/0/text/emoji',
      ],
      [
        '11 context elements',
        [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }],
        '/blocks/0/elements',
      ],
      [
        '26 action elements',
        [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button({ action_id: `a${i}` })) }],
        '/blocks/0/elements',
      ],
      [
        'button text of 76',
        [{ type: 'actions', elements: [button({ text: { type: 'plain_text', text: x(76) } })] }],
        '/blocks/0/elements/0/text/text',
      ],
      [
        'action_id of 256',
        [{ type: 'actions', elements: [button({ action_id: x(256) })] }],
        '/blocks/0/elements/0/action_id',
      ],
      [
        'the same action_id twice',
        [{ type: 'actions', elements: [button(), button()] }],
        '/blocks/0/elements/1/action_id',
      ],
      [
        'button value of 2001',
        [{ type: 'actions', elements: [button({ value: x(2001) })] }],
        '/blocks/0/elements/0/value',
      ],
      [
        'button style green',
        [{ type: 'actions', elements: [button({ style: 'green' })] }],
        '/blocks/0/elements/0/style',
      ],
      [
        'confirm title of 101',
        [
          {
            type: 'actions',
            elements: [button({ confirm: confirmDialog({ title: { type: 'plain_text', text: x(101) } }) })],
          },
        ],
        '/blocks/0/elements/0/confirm/title/text',
      ],
      [
        'confirm text of 301',
        [
          {
            type: 'actions',
            elements: [button({ confirm: confirmDialog({ text: { type: 'plain_text', text: x(301) } }) })],
          },
        ],
        '/blocks/0/elements/0/confirm/text/text',
      ],
      [
        'confirm label of 31',
        [
          {
            type: 'actions',
            elements: [button({ confirm: confirmDialog({ confirm: { type: 'plain_text', text: x(31) } }) })],
          },
        ],
        '/blocks/0/elements/0/confirm/confirm/text',
      ],
      [
        'deny label of 31',
        [
          {
            type: 'actions',
            elements: [button({ confirm: confirmDialog({ deny: { type: 'plain_text', text: x(31) } }) })],
          },
        ],
        '/blocks/0/elements/0/confirm/deny/text',
      ],
      ['a block type it does not model', [{ type: 'rich_text', elements: [] }], '/blocks/0/type'],
    ];

    it.each(broken)(
      'chat.postMessage with %s: invalid_blocks, naming where',
      async (_what, blocks, pointer) => {
        const answer = await raw(
          method('chat.postMessage'),
          { channel: 'C1', text: 'fallback', blocks },
          bearer(BOT_TOKEN),
        );
        expect(answer.status).toBe(200);
        expect(answer.json).toMatchObject({ ok: false, error: 'invalid_blocks' });
        expect(String(answer.json?.errors)).toContain(`[json-pointer:${pointer}]`);
      },
    );

    it('each limit itself is allowed: the checker is not stricter than Slack', () => {
      const atLimits = [
        ...Array.from({ length: 3 }, () => section(x(3000))),
        { type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn(x(200))) },
        { type: 'header', text: { type: 'plain_text', text: x(150), emoji: true } },
        { type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('c')) },
        {
          type: 'actions',
          block_id: x(255),
          elements: [
            button({
              action_id: x(255),
              text: { type: 'plain_text', text: x(75) },
              value: x(2000),
              style: 'danger',
              confirm: confirmDialog({
                title: { type: 'plain_text', text: x(100) },
                text: { type: 'plain_text', text: x(300) },
                confirm: { type: 'plain_text', text: x(30) },
                deny: { type: 'plain_text', text: x(30) },
                style: 'danger',
              }),
            }),
          ],
        },
        { type: 'divider' },
        ...Array.from({ length: 50 - 8 }, () => section('a')),
      ];
      expect(atLimits).toHaveLength(50);
      expect(blockKitRefusal({ text: x(40_000), blocks: atLimits })).toBeUndefined();
    });

    it('the message as a whole: no_text, msg_too_long, invalid_blocks_format, msg_blocks_too_long', async () => {
      const post = async (params: Record<string, unknown>) =>
        (await raw(method('chat.postMessage'), { channel: 'C1', ...params }, bearer(BOT_TOKEN))).json;
      expect(await post({})).toEqual({ ok: false, error: 'no_text' });
      expect(await post({ text: x(40_001) })).toMatchObject({ ok: false, error: 'msg_too_long' });
      expect(await post({ text: 'a', blocks: '[{"type":' })).toMatchObject({
        ok: false,
        error: 'invalid_blocks_format',
      });
      // Five sections of 2,500: each within its 3,000, more than about 12,000 together.
      expect(
        await post({ text: 'a', blocks: Array.from({ length: 5 }, () => section(x(2500))) }),
      ).toMatchObject({
        ok: false,
        error: 'msg_blocks_too_long',
      });
      expect(await post({ text: 'a', blocks: [section('fine')] })).toMatchObject({ ok: true });
    });

    it('chat.update is checked the same way; form params carry blocks as JSON', async () => {
      const form = await fetch(method('chat.update'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...bearer(BOT_TOKEN) },
        body: new URLSearchParams({
          channel: 'C1',
          ts: '1.2',
          text: 'a',
          blocks: JSON.stringify([section(x(3001))]),
        }).toString(),
      });
      expect(await form.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
    });

    it('a response_url post with invalid blocks: HTTP 400 invalid_blocks, and nothing shown', async () => {
      const url = api.responseUrl();
      const refused = await raw(url, { text: 'a', blocks: [section(x(3001))] });
      expect(refused.status).toBe(400);
      expect(refused.text).toBe('invalid_blocks');
      expect((await raw(url, { replace_original: true })).text).toBe('no_text');
      expect(api.responsesAt(url)).toEqual([]);
      // Refused posts are not among its five.
      for (let post = 0; post < 5; post += 1)
        expect((await raw(url, { text: `ok ${post}` })).status).toBe(200);
    });
  });

  describe('a response_url: at most 5 posts, within 30 minutes', () => {
    it('the 6th post is refused with 404 used_url', async () => {
      const url = api.responseUrl();
      for (let post = 1; post <= 5; post += 1) {
        const answer = await raw(url, { text: `answer ${post}` });
        expect(answer.status).toBe(200);
      }
      const sixth = await raw(url, { text: 'answer 6' });
      expect(sixth.status).toBe(404);
      expect(sixth.text).toBe('used_url');
      expect(api.responsesAt(url).map((body) => body.text)).toEqual(
        [1, 2, 3, 4, 5].map((n) => `answer ${n}`),
      );
      // A delete counts as a post too.
      expect((await raw(url, { delete_original: true })).text).toBe('used_url');
    });

    it('a post more than 30 minutes after the invocation is refused with 404 expired_url', async () => {
      const url = api.responseUrl();
      clock += RESPONSE_URL_LIFETIME_MS;
      expect((await raw(url, { text: 'just in time' })).status).toBe(200);
      clock += 1;
      const late = await raw(url, { text: 'too late' });
      expect(late.status).toBe(404);
      expect(late.text).toBe('expired_url');
    });

    it('a waiting test is told why its answer never came', async () => {
      const url = api.responseUrl();
      await raw(url, { text: 'a', blocks: [section('')] });
      await expect(api.waitForResponses(url, 1, 200)).rejects.toThrow(
        /0 of 1 responses reached .* \(refused: invalid_blocks must be at least 1 character \[json-pointer:\/blocks\/0\/text\/text\]\)/,
      );
    });
  });
});

describe('the real adapter lives with these rules', () => {
  /** A bound user group, so that commands read memberships (usergroups.users.list). */
  const CONFIG = `
roles:
  viewer:    { allow: [status, rooms, who, help] }
  moderator: { includes: [viewer], allow: [broadcast, pm] }
  admin:     { allow: ["*"] }
bindings:
  slack:
    users: { U0ADMIN: admin }
    usergroups: { S0MODS: moderator }
`;
  const MODERATOR = { userId: 'U0MOD', userName: 'mo' };
  const GUESTS = 420;
  let stack: Stack;
  let slack: Awaited<ReturnType<typeof startSlackTestApp>>;
  beforeAll(async () => {
    stack = await startStack(CONFIG, [{ id: 5, name: 'Arena', max: 1000 }]);
    for (let index = 0; index < GUESTS; index += 1)
      stack.emulator.state.join('default', 5, `guest${String(index).padStart(3, '0')}`);
    await stack.emulator.statusFilesWritten();
    slack = await startSlackTestApp(stack.runtime.core, {
      bindings: stack.config.bindings,
      usergroups: [{ id: 'S0MODS', handle: 'chat-mods', users: [MODERATOR.userId] }],
      usergroupCacheMs: 0,
      uploadAttachments: false,
    });
  });
  afterAll(async () => {
    await slack?.close();
    await stack?.close();
  });

  it('every Web API call it makes carries its bot token, and none is refused', async () => {
    expect(messageText(await slack.run('status', MODERATOR))).toContain('Chat server status');
    await slack.adapter.alertSink.post('C0ALERTS', {
      title: 'Arena is busy',
      text: `${GUESTS} users.`,
      severity: 'warning',
      visibility: 'channel',
    } satisfies Reply);
    const methods = new Set(slack.api.calls.map((call) => call.method));
    expect(methods).toEqual(new Set(['auth.test', 'usergroups.users.list', 'chat.postMessage']));
    expect(slack.api.calls.every((call) => call.authorization === `Bearer ${BOT_TOKEN}`)).toBe(true);
    expect(slack.api.refusals).toEqual([]);
  });

  it('a bot token Slack does not know: the start fails with invalid_auth and what to check', async () => {
    const api = await startSlackWebApiStandIn();
    try {
      const adapter = createSlackAdapter({
        core: stack.runtime.core,
        credentials: {
          signingSecret: SIGNING_SECRET,
          botToken: 'xoxb-1-2-NotThisWorkspace',
          port: 0,
          apiUrl: api.apiUrl,
        },
        log: () => {},
        host: '127.0.0.1',
      });
      const error = await adapter.start().catch((caught: unknown) => caught);
      expect(String(error)).toContain(
        'Slack: the bot token was not accepted (auth.test: Slack answered invalid_auth). Check SLACK_BOT_TOKEN',
      );
      await adapter.stop();
      expect(api.refusals.map((refusal) => `${refusal.where} ${refusal.error}`)).toEqual([
        'auth.test invalid_auth',
      ]);
    } finally {
      await api.close();
    }
  });

  it("usergroups.users.list rate-limited: the client waits out Retry-After, and the command is answered as the user's role allows", async () => {
    const reads = () => slack.api.callsTo('usergroups.users.list');
    const before = reads().length;
    slack.api.rateLimit('usergroups.users.list', { retryAfterSeconds: 1 });
    const answer = await slack.run('broadcast while rate-limited', MODERATOR);
    expect(messageText(answer)).toContain('Broadcast sent');
    expect(
      reads()
        .slice(before)
        .map((call) => call.status),
    ).toEqual([429, 200]);
  });

  it('chat.postMessage rate-limited: the alert is posted once, after the wait', async () => {
    const posts = () => slack.api.callsTo('chat.postMessage');
    const before = posts().length;
    slack.api.rateLimit('chat.postMessage', { retryAfterSeconds: 1 });
    await slack.adapter.alertSink.post('C0ALERTS', {
      title: 'Arena is busy',
      text: 'Again.',
      severity: 'warning',
      visibility: 'channel',
    } satisfies Reply);
    expect(
      posts()
        .slice(before)
        .map((call) => call.status),
    ).toEqual([429, 200]);
  });

  it('paging a long list page by page: each click answers through its own response_url, once, in valid Block Kit', async () => {
    const refusalsBefore = slack.api.refusals.length;
    const first = await slack.run('who Arena', ADMIN);
    const [commandPath] = slack.api.responses.slice(-1).map((response) => response.path);
    expect(messageText(first)).toContain('page 1 of 9');
    let current = first;
    const clickUrls: string[] = [];
    // Forward to the last page and back: more clicks than a response_url takes posts.
    const route = [
      ...Array.from({ length: 8 }, () => 'next' as const),
      ...Array.from({ length: 3 }, () => 'previous' as const),
    ];
    for (const which of route) {
      const next = pageButton(current, which);
      if (!next?.action_id) throw new Error(`no ${which} button on: ${messageText(current)}`);
      const { responseUrl } = await slack.click(next.action_id, ADMIN);
      clickUrls.push(responseUrl);
      const [page] = await slack.api.waitForResponses(responseUrl);
      if (!page) throw new Error('no page');
      current = page;
    }
    expect(messageText(current)).toContain('page 6 of 9');
    expect(new Set(clickUrls).size).toBe(route.length);
    for (const url of clickUrls) expect(slack.api.responsesAt(url)).toHaveLength(1);
    expect(slack.api.responses.filter((response) => response.path === commandPath)).toHaveLength(1);
    expect(slack.api.refusals.slice(refusalsBefore)).toEqual([]);
  });
});
