import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CONFIG, type Stack, startStack } from '../e2e/harness.ts';
import { type SlackTestApp, startSlackTestApp } from '../helpers/slack-test-app.ts';
import { waitFor } from './wait.ts';

// The whole chain, as deployed: the emulator's status files and the watch (or the Data API, polled),
// the engine, the delivery queue, the real Slack alert sink, and Slack (a stand-in) rate-limiting
// the first post.
const CONFIG = `${ADMIN_CONFIG}
alerts:
  probeInterval: 1h
  staleAfter: off
  rules:
    - name: lobby-busy
      roomUsers: 3
      margin: 1
      rooms: [1]
      channels: { slack: C0ALERTS }
`;

let stack: Stack;
let slack: SlackTestApp;

const posts = () =>
  slack.api.callsTo('chat.postMessage').filter((call) => call.params.channel === 'C0ALERTS');

// The alert from either status source: the status files, or the Data API alone.
describe.each(['files', 'dataApi'] as const)('status from %s', (source) => {
  beforeAll(async () => {
    stack = await startStack(CONFIG, [{ id: 1, name: 'Lobby', max: 10 }], undefined, undefined, source);
    slack = await startSlackTestApp(stack.runtime.core);
    await stack.runtime.alerts.start([slack.adapter.alertSink]);
  });
  afterAll(async () => {
    await slack?.close();
    await stack?.close();
  });

  describe('an occupancy alert delivered to Slack', () => {
    it('a 429 with Retry-After, then 200: the alert arrives once, after the delay; the recovery follows once', async () => {
      slack.api.script('chat.postMessage', {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { ok: false, error: 'ratelimited' },
      });
      for (const user of ['ann', 'ben', 'cy']) stack.emulator.state.join('default', 1, user);
      await waitFor('the alert delivered', () => posts().some((call) => call.status === 200), 10_000);
      const tries = posts();
      expect(tries.map((call) => call.status)).toEqual([429, 200]);
      // Not before the Retry-After this test configured (1 s): a lower bound set by the test, which
      // load can only lengthen; how fast alerts go is a figure of `npm run bench`.
      expect((tries[1]?.at ?? 0) - (tries[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
      expect(String(tries[1]?.params.text)).toContain('Lobby');

      stack.emulator.state.leave('default', 1, 'cy');
      stack.emulator.state.leave('default', 1, 'ben');
      await waitFor('the recovery delivered', () => posts().length === 3, 10_000);
      expect(posts().map((call) => call.status)).toEqual([429, 200, 200]);
      expect(String(posts()[2]?.params.text)).toContain('Alert rule lobby-busy has cleared');
    }, 20_000);
  });
});
