import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CONFIG } from '../../e2e/harness.ts';
import { type SilentServerStack, startSilentServerStack } from '../../helpers/slack-silent-chat-server.ts';
import { ADMIN, messageText, type SlackTestApp, startSlackTestApp } from '../../helpers/slack-test-app.ts';

let stack: SilentServerStack;
let slack: SlackTestApp;
beforeAll(async () => {
  stack = await startSilentServerStack(ADMIN_CONFIG);
  slack = await startSlackTestApp(stack.runtime.core);
});
afterAll(async () => {
  await slack?.close();
  await stack?.close();
});

// Slack shows operation_timeout when a slash command is not acknowledged within 3 s. Whether
// acknowledgements make that deadline under load is counted in `npm run test:stress`
// (test/stress/ack-deadline.stress.ts); here the order is checked: the acknowledgement comes
// before the answer, which can only come once the server's timeout has passed.

describe('a chat server that never answers', () => {
  it('the command is acknowledged before it is answered; the answer then says the server did not answer', async () => {
    const { ack, responseUrl } = await slack.command('broadcast are you there?', ADMIN);
    expect(ack.status).toBe(200);
    expect(slack.api.responsesAt(responseUrl)).toEqual([]);

    const [answer] = await slack.api.waitForResponses(responseUrl);
    expect(answer?.response_type).toBe('ephemeral');
    const text = messageText(answer ?? {});
    expect(text).toContain('/chat broadcast failed');
    expect(text).toContain(`did not answer within ${stack.timeoutMs} ms`);
    expect(text).toContain('The command was sent and may have been applied: check before trying again.');
    expect(stack.server.received.some((command) => command.includes('broadcast'))).toBe(true);
  });

  it('several commands at once are each acknowledged before any of them is answered, and each is answered', async () => {
    const responsesBefore = slack.api.responses.length;
    const sent = await Promise.all(
      ['broadcast one', 'broadcast two', 'pm Alice three'].map(async (text) => {
        const { ack, responseUrl } = await slack.command(text, ADMIN);
        // What had reached any of the response_urls when this acknowledgement arrived.
        return { ack, responseUrl, answeredBeforeAck: slack.api.responses.length - responsesBefore };
      }),
    );
    for (const { ack, answeredBeforeAck } of sent) {
      expect(ack.status).toBe(200);
      expect(answeredBeforeAck).toBe(0);
    }
    for (const { responseUrl } of sent) {
      const [answer] = await slack.api.waitForResponses(responseUrl);
      expect(messageText(answer ?? {})).toContain(`did not answer within ${stack.timeoutMs} ms`);
    }
  });

  it('stop() stops taking commands, and waits for those under way to be answered', async () => {
    const stopping = await startSlackTestApp(stack.runtime.core);
    const { ack, responseUrl } = await stopping.command('broadcast before the stop', ADMIN);
    expect(ack.status).toBe(200);
    await stopping.adapter.stop();
    expect(stopping.api.responsesAt(responseUrl)).toHaveLength(1);
    await expect(stopping.command('status', ADMIN)).rejects.toThrow();
    await stopping.api.close();
  });
});
