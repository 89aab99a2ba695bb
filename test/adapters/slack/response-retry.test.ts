import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CONFIG, type Stack, startStack } from '../../e2e/harness.ts';
import { ADMIN, type SlackTestApp, startSlackTestApp } from '../../helpers/slack-test-app.ts';
import { RESPONSE_URL_SCRIPT } from '../../helpers/slack-web-api-stand-in.ts';

const RETRY_DELAYS_MS = [30, 60];

let stack: Stack;
let slack: SlackTestApp;

beforeAll(async () => {
  stack = await startStack(ADMIN_CONFIG);
  slack = await startSlackTestApp(stack.runtime.core, { responseRetryDelaysMs: RETRY_DELAYS_MS });
});

afterAll(async () => {
  await slack?.close();
  await stack?.close();
});

const pathOf = (url: string) => new URL(url).pathname;
const until = async (what: string, done: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('answers through a response_url Slack fails to take', () => {
  it('tries again after a 500 and a 429: the answer arrives once, and the log says at which try', async () => {
    slack.api.script(RESPONSE_URL_SCRIPT, { status: 500 }, { status: 429, headers: { 'retry-after': '1' } });
    const logsBefore = slack.logs.length;
    const { ack, responseUrl } = await slack.command('broadcast retried answer', ADMIN);
    expect(ack.status).toBe(200);
    const [answer] = await slack.api.waitForResponses(responseUrl);
    expect(answer?.text ?? JSON.stringify(answer)).toContain('retried answer');
    expect(slack.api.failedResponses.filter((post) => post.path === pathOf(responseUrl))).toEqual([
      expect.objectContaining({ status: 500 }),
      expect.objectContaining({ status: 429 }),
    ]);
    await until('the delivery logged', () => slack.logs.length > logsBefore);
    expect(slack.logs.slice(logsBefore)).toEqual([
      `Slack: the answer to /chat from ${ADMIN.userId} was delivered at try 3.`,
    ]);
    // The broadcast ran once, whatever happened to its answer.
    expect(
      stack.emulator.state.deliveries.filter((entry) => 'text' in entry && entry.text === 'retried answer'),
    ).toHaveLength(1);
    expect(slack.api.responsesAt(responseUrl)).toHaveLength(1);
  });

  it('gives up after the last try and logs what was lost, without the answer', async () => {
    slack.api.script(RESPONSE_URL_SCRIPT, { status: 503 }, { status: 503 }, { status: 503 });
    const logsBefore = slack.logs.length;
    const { responseUrl } = await slack.command('broadcast never arrives', ADMIN);
    await until('the loss logged', () => slack.logs.length > logsBefore);
    expect(slack.logs.slice(logsBefore)).toEqual([
      `Slack: the answer to /chat from ${ADMIN.userId} could not be delivered after 3 tries: the response_url answered 503 Service Unavailable`,
    ]);
    expect(slack.api.failedResponses.filter((post) => post.path === pathOf(responseUrl))).toHaveLength(3);
    expect(slack.api.responsesAt(responseUrl)).toHaveLength(0);
  });

  it('does not try again when Slack says the URL is gone (404)', async () => {
    slack.api.script(RESPONSE_URL_SCRIPT, { status: 404 });
    const logsBefore = slack.logs.length;
    const { responseUrl } = await slack.command('broadcast expired url', ADMIN);
    // The loss is logged when the delivery gives up, after its last try: nothing more is sent.
    await until('the loss logged', () => slack.logs.length > logsBefore);
    expect(slack.logs.slice(logsBefore)).toEqual([
      `Slack: the answer to /chat from ${ADMIN.userId} could not be delivered: the response_url answered 404 Not Found`,
    ]);
    expect(slack.api.failedResponses.filter((post) => post.path === pathOf(responseUrl))).toHaveLength(1);
    expect(slack.api.responsesAt(responseUrl)).toHaveLength(0);
  });
});
