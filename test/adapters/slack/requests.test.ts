import { isValidSlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CONFIG, type Stack, startStack } from '../../e2e/harness.ts';
import { auditChainLines } from '../../helpers/audit-chain.ts';
import {
  FORM,
  postSigned,
  randomTriggerId,
  slackSignature,
  slashCommandBody,
} from '../../helpers/slack-requests.ts';
import { ADMIN, SIGNING_SECRET, type SlackTestApp, startSlackTestApp } from '../../helpers/slack-test-app.ts';

// Slack's worked example ("Verifying requests from Slack").
const DOCS_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOCS_TIMESTAMP = '1531420618';
const DOCS_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOCS_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

let stack: Stack;
let slack: SlackTestApp;
beforeAll(async () => {
  stack = await startStack(ADMIN_CONFIG);
  slack = await startSlackTestApp(stack.runtime.core);
});
afterAll(async () => {
  await slack?.close();
  await stack?.close();
});

const broadcasts = () =>
  stack.emulator.acceptedCommands.filter((command) => command.type === 'broadcast').length;
/** The audit chain's entries, once those of the answers given so far are written to it. */
const auditLines = () => auditChainLines(stack.runtime);

/**
 * A later command, correctly signed, answered and audited. What was sent before it has been dealt
 * with by then (refused, dropped or run), so "nothing else happened" is checked after a positive
 * signal rather than after a sleep: the audit lines since `linesBefore` must be this one only.
 */
async function expectOnlyALaterCommandAudited(linesBefore: number): Promise<void> {
  const { ack, responseUrl } = await slack.command('status', ADMIN);
  expect(ack.status).toBe(200);
  await slack.api.waitForResponses(responseUrl);
  const added = (await auditLines()).slice(linesBefore).map((line) => JSON.parse(line));
  expect(added).toEqual([expect.objectContaining({ operation: 'status', decision: 'allowed' })]);
}

describe('request signing', () => {
  it("reproduces Slack's worked example, and Bolt's verifier agrees", () => {
    expect(slackSignature(DOCS_SECRET, DOCS_TIMESTAMP, DOCS_BODY)).toBe(DOCS_SIGNATURE);
    const verify = (signature: string, nowSeconds: number) =>
      isValidSlackRequest({
        signingSecret: DOCS_SECRET,
        body: DOCS_BODY,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(DOCS_TIMESTAMP) },
        nowMilliseconds: nowSeconds * 1000,
      });
    expect(verify(DOCS_SIGNATURE, Number(DOCS_TIMESTAMP) + 60)).toBe(true);
    expect(verify(DOCS_SIGNATURE.replace(/.$/, '0'), Number(DOCS_TIMESTAMP) + 60)).toBe(false);
    expect(verify(DOCS_SIGNATURE, Number(DOCS_TIMESTAMP) + 301)).toBe(false);
  });

  it('a correctly signed command is acknowledged with an empty 200 and runs', async () => {
    const before = broadcasts();
    const { ack, responseUrl } = await slack.command('broadcast signed hello', ADMIN);
    expect(ack).toMatchObject({ status: 200, text: '' });
    await slack.api.waitForResponses(responseUrl);
    expect(broadcasts()).toBe(before + 1);
  });

  it.each([
    ['unsigned', {}],
    ['signed with another secret', { secret: DOCS_SECRET }],
    ['with a made-up signature', { signature: `v0=${'0'.repeat(64)}` }],
    ['signed with an unknown version', { signature: 'v1=abc' }],
    [
      'stale: signed correctly 5 minutes and 1 s ago',
      { secret: SIGNING_SECRET, timestamp: Math.floor(Date.now() / 1000) - 301 },
    ],
  ])('%s: 401, and nothing runs', async (_name, signing) => {
    const [commandsBefore, linesBefore] = [broadcasts(), (await auditLines()).length];
    const responseUrl = slack.api.responseUrl();
    const ack = await postSigned(
      slack.url,
      slashCommandBody('broadcast forged', ADMIN, responseUrl),
      FORM,
      signing,
    );
    expect(ack.status).toBe(401);
    await expectOnlyALaterCommandAudited(linesBefore);
    expect(slack.api.responsesAt(responseUrl)).toEqual([]);
    expect(broadcasts()).toBe(commandsBefore);
  });

  it('a body changed after signing: 401', async () => {
    const before = broadcasts();
    const responseUrl = slack.api.responseUrl();
    const body = slashCommandBody('status', ADMIN, responseUrl);
    const timestamp = Math.floor(Date.now() / 1000);
    const ack = await postSigned(slack.url, body.replace('status', 'broadcast+tampered'), FORM, {
      timestamp,
      signature: slackSignature(SIGNING_SECRET, timestamp, body),
    });
    expect(ack.status).toBe(401);
    expect(broadcasts()).toBe(before);
  });
});

describe('redelivery', () => {
  it('a delivery marked x-slack-retry-num is acknowledged and dropped', async () => {
    const [before, linesBefore] = [broadcasts(), (await auditLines()).length];
    const { ack, responseUrl } = await slack.command('broadcast only once', ADMIN, {
      secret: SIGNING_SECRET,
      retryNum: 1,
    });
    expect(ack.status).toBe(200);
    await expectOnlyALaterCommandAudited(linesBefore);
    expect(slack.api.responsesAt(responseUrl)).toEqual([]);
    expect(broadcasts()).toBe(before);
    expect(slack.logs.join('\n')).toContain('redelivered /chat from U0ADMIN was dropped (retry 1)');
  });

  it.each([
    ['not a URL', 'response-url'],
    ['not http(s)', 'ftp://127.0.0.1/commands/T1/1/abc'],
  ])(
    'a command whose response_url is %s is acknowledged, not run, and logged',
    async (_name, responseUrl) => {
      const [commandsBefore, linesBefore] = [broadcasts(), (await auditLines()).length];
      const logsBefore = slack.logs.length;
      const ack = await postSigned(
        slack.url,
        slashCommandBody('broadcast nowhere to answer', ADMIN, responseUrl),
        FORM,
        {
          secret: SIGNING_SECRET,
        },
      );
      expect(ack.status).toBe(200);
      await expectOnlyALaterCommandAudited(linesBefore);
      expect(broadcasts()).toBe(commandsBefore);
      expect(slack.logs.slice(logsBefore)).toEqual([
        'Slack: a /chat request without the fields it needs was ignored.',
      ]);
    },
  );

  it('the same request delivered again (first, then a retry, then a replay) runs once', async () => {
    const before = broadcasts();
    const triggerId = randomTriggerId();
    const first = await slack.command('broadcast exactly once', ADMIN, { secret: SIGNING_SECRET, triggerId });
    const retry = await slack.command('broadcast exactly once', ADMIN, {
      secret: SIGNING_SECRET,
      triggerId,
      retryNum: 1,
    });
    const replay = await slack.command('broadcast exactly once', ADMIN, {
      secret: SIGNING_SECRET,
      triggerId,
    });
    for (const sent of [first, retry, replay]) expect(sent.ack.status).toBe(200);
    await slack.api.waitForResponses(first.responseUrl);
    const linesBefore = (await auditLines()).length;
    await expectOnlyALaterCommandAudited(linesBefore);
    expect(slack.api.responsesAt(retry.responseUrl)).toEqual([]);
    expect(slack.api.responsesAt(replay.responseUrl)).toEqual([]);
    expect(broadcasts()).toBe(before + 1);
  });
});
