import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../../adapters/slack/render-blocks.ts';
import { ADMIN_CONFIG, type Stack, startStack } from '../../e2e/harness.ts';
import { expectWithinSlackLimits } from '../../helpers/slack-block-limits.ts';
import {
  ADMIN,
  buttonsOf,
  messageText,
  pageButton,
  type SlackTestApp,
  startSlackTestApp,
} from '../../helpers/slack-test-app.ts';
import type { SlackMessageBody } from '../../helpers/slack-web-api-stand-in.ts';

const VISITORS = 10_000;
const visitor = (index: number) => `guest${String(index).padStart(5, '0')}`;

let stack: Stack;
let slack: SlackTestApp;

const asMessage = (body: SlackMessageBody): SlackMessage => ({
  text: body.text ?? '',
  blocks: (body.blocks ?? []) as SlackMessage['blocks'],
});
const namesShown = (body: SlackMessageBody) =>
  messageText(body)
    .split('\n')
    .filter((line) => line.startsWith('guest'));

// Every case from either status source: the status files, or the Data API alone.
describe.each(['files', 'dataApi'] as const)('status from %s', (source) => {
  beforeAll(async () => {
    stack = await startStack(
      ADMIN_CONFIG,
      [{ id: 5, name: 'Arena', max: 20_000 }],
      undefined,
      undefined,
      source,
    );
    for (let index = 0; index < VISITORS; index += 1) stack.emulator.state.join('default', 5, visitor(index));
    await stack.emulator.statusFilesWritten();
    slack = await startSlackTestApp(stack.runtime.core);
  });
  afterAll(async () => {
    await slack?.close();
    await stack?.close();
  });

  describe(`who in a room of ${VISITORS.toLocaleString('en-US')} users`, () => {
    it('uploads the whole list to the caller’s direct messages, and shows the first page with a note', async () => {
      const answer = await slack.run('who Arena', ADMIN);
      expectWithinSlackLimits(asMessage(answer));
      expect(answer.response_type).toBe('ephemeral');
      expect(namesShown(answer)).toEqual(Array.from({ length: 50 }, (_, index) => visitor(index)));
      expect(messageText(answer)).toContain(
        'The whole list (10,000 items) is in room-5-users.txt, sent to your direct messages with this app.',
      );
      expect(buttonsOf(answer)).toEqual([]);

      expect(slack.api.callsTo('conversations.open').at(-1)?.params).toMatchObject({ users: 'U0ADMIN' });
      const complete = slack.api.callsTo('files.completeUploadExternal').at(-1);
      expect(complete?.params).toMatchObject({ channel_id: 'DU0ADMIN' });
      const upload = slack.api.uploads.at(-1);
      expect(upload?.body).toContain(`${visitor(0)}\n${visitor(1)}\n`);
      expect(upload?.body).toContain(`${visitor(VISITORS - 1)}\n`);
    });

    it('when the upload is refused, the list is paged instead, and the log says why', async () => {
      slack.api.script('files.getUploadURLExternal', {
        body: { ok: false, error: 'missing_scope', needed: 'files:write', provided: 'commands' },
      });
      const answer = await slack.run('who Arena', ADMIN);
      expectWithinSlackLimits(asMessage(answer));
      expect(messageText(answer)).toContain('page 1 of 200');
      expect(slack.logs.join('\n')).toContain(
        'could not upload room-5-users.txt (Slack answered missing_scope (needs files:write)); the list is shown in pages instead.',
      );

      // Next, Next, Previous: each click replaces the message with the page asked for.
      let current = answer;
      for (const [which, expectedPage] of [
        ['next', 2],
        ['next', 3],
        ['previous', 2],
      ] as const) {
        const button = pageButton(current, which);
        if (!button?.action_id) throw new Error(`no ${which} button on: ${messageText(current)}`);
        const { responseUrl } = await slack.click(button.action_id, ADMIN);
        const [page] = await slack.api.waitForResponses(responseUrl);
        if (!page) throw new Error('no page');
        expect(page.replace_original).toBe(true);
        expectWithinSlackLimits(asMessage(page));
        expect(messageText(page)).toContain(`page ${expectedPage} of 200`);
        expect(namesShown(page)[0]).toBe(visitor((expectedPage - 1) * 50));
        current = page;
      }
    });

    it('a click on a page that is no longer remembered says so', async () => {
      const { responseUrl } = await slack.click('fc:page:forgotten-list:2', ADMIN);
      const [answer] = await slack.api.waitForResponses(responseUrl);
      expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(answer?.text).toBe(
        'List expired — This list is no longer kept for paging. Run the command again; the attached file, if any, has it all.',
      );
    });
  });

  describe('uploads turned off', () => {
    let paging: SlackTestApp;
    beforeAll(async () => {
      paging = await startSlackTestApp(stack.runtime.core, { uploadAttachments: false });
    });
    afterAll(async () => paging?.close());

    it('the list is paged and nothing is uploaded', async () => {
      const answer = await paging.run('who Arena', ADMIN);
      expect(messageText(answer)).toContain('page 1 of 200');
      expect(paging.api.callsTo('files.getUploadURLExternal')).toEqual([]);
    });
  });
});
