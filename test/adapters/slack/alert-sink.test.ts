import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../../adapters/slack/render-blocks.ts';
import type { Reply } from '../../../src/replies/reply.ts';
import { type Stack, startStack } from '../../e2e/harness.ts';
import { expectWithinSlackLimits } from '../../helpers/slack-block-limits.ts';
import {
  ADMIN,
  messageText,
  SECRETS,
  type SlackTestApp,
  startSlackTestApp,
} from '../../helpers/slack-test-app.ts';

const ALERT: Reply = {
  title: 'Lobby is nearly full',
  text: '95 of 100 places taken.',
  fields: [{ label: 'Room', value: 'Lobby (1)' }],
  severity: 'warning',
  visibility: 'channel',
};

/** A bound user group, so that a command makes a Web API call of its own (usergroups.users.list). */
const CONFIG = `
roles:
  viewer: { allow: [status] }
  admin:  { allow: ["*"] }
bindings:
  slack: { users: { U0ADMIN: admin }, usergroups: { S0ANY: viewer } }
`;

let stack: Stack;
let slack: SlackTestApp;
beforeAll(async () => {
  stack = await startStack(CONFIG);
  slack = await startSlackTestApp(stack.runtime.core, {
    bindings: stack.config.bindings,
    usergroups: [{ id: 'S0ANY', handle: 'anyone', users: [] }],
  });
});
afterAll(async () => {
  await slack?.close();
  await stack?.close();
});

const posts = () => slack.api.callsTo('chat.postMessage');

describe('the Slack alert sink', () => {
  it('posts the alert to the channel with chat.postMessage, in Block Kit with a text fallback', async () => {
    expect(slack.adapter.alertSink.platform).toBe('slack');
    await slack.adapter.alertSink.post('C0ALERTS', ALERT);
    const post = posts().at(-1);
    expect(post?.params).toMatchObject({
      channel: 'C0ALERTS',
      text: 'Lobby is nearly full — 95 of 100 places taken.',
    });
    const message: SlackMessage = {
      text: String(post?.params.text),
      blocks: JSON.parse(String(post?.params.blocks)),
    };
    expectWithinSlackLimits(message);
    expect(messageText(message)).toContain('*Room*\nLobby (1)');
  });

  it('honours a 429 Retry-After: the post arrives once, after the delay', async () => {
    const before = posts().length;
    slack.api.script('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    });
    await slack.adapter.alertSink.post('C0ALERTS', ALERT);
    const tries = posts().slice(before);
    expect(tries.map((call) => call.status)).toEqual([429, 200]);
    const [limited, delivered] = tries;
    // Not before the Retry-After this test configured (1 s): a lower bound the test sets, not a speed.
    expect((delivered?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('a 429 on alerts does not hold up commands: they use another client', async () => {
    slack.api.script('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false },
    });
    const before = posts().length;
    const posting = slack.adapter.alertSink.post('C0ALERTS', ALERT);
    await slack.event({ type: 'subteam_updated', subteam: { id: 'S0ANY' } });
    const readsBefore = slack.api.callsTo('usergroups.users.list').length;
    expect(messageText(await slack.run('status', ADMIN))).toContain('Chat server status');
    expect(slack.api.callsTo('usergroups.users.list').length).toBe(readsBefore + 1);
    // The command was answered while the alert was still waiting out its Retry-After.
    expect(posts().length).toBe(before + 1);
    await posting;
    expect(posts().length).toBe(before + 2);
  });

  it('still rate-limited after the bounded retries: rejects with how long Slack asked to wait', async () => {
    const before = posts().length;
    const limited = {
      status: 429,
      headers: { 'retry-after': '0' },
      body: { ok: false, error: 'ratelimited' },
    };
    slack.api.script('chat.postMessage', limited, limited, limited, limited);
    const error = await slack.adapter.alertSink.post('C0ALERTS', ALERT).catch((caught: unknown) => caught);
    expect(String(error)).toContain(
      'Slack: the alert could not be posted to C0ALERTS: Slack kept rate-limiting it',
    );
    expect(error).toMatchObject({ retryAfterMs: 0 });
    expect(posts().length - before).toBe(4);
  });

  it('rejects, naming the reason, after a bounded number of failures', async () => {
    const before = posts().length;
    slack.api.answer('chat.postMessage', () => ({ status: 503, body: { ok: false } }));
    await expect(slack.adapter.alertSink.post('C0ALERTS', ALERT)).rejects.toThrow(
      'Slack: the alert could not be posted to C0ALERTS: Slack answered HTTP 503.',
    );
    expect(posts().length - before).toBe(4);
    slack.api.answer('chat.postMessage', undefined);
  });

  it('rejects at once when Slack refuses the channel, with what to do', async () => {
    const before = posts().length;
    slack.api.script('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    await expect(slack.adapter.alertSink.post('G0PRIVATE', ALERT)).rejects.toThrow(
      /not_in_channel\. Invite the app to that channel/,
    );
    expect(posts().length - before).toBe(1);
  });

  it('no secret in the errors or the log', async () => {
    slack.api.script('chat.postMessage', { body: { ok: false, error: 'invalid_auth' } });
    const error = await slack.adapter.alertSink.post('C0ALERTS', ALERT).catch((caught: unknown) => caught);
    const seen = `${String(error)}\n${slack.logs.join('\n')}`;
    for (const secret of SECRETS) expect(seen).not.toContain(secret);
  });
});
