import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInteractions } from '../../../adapters/shared/interactions.ts';
import { ReplyPresenter } from '../../../adapters/slack/reply-presenter.ts';
import type { Reply } from '../../../src/replies/reply.ts';
import { messageText } from '../../helpers/slack-test-app.ts';
import {
  BOT_TOKEN,
  type SlackWebApiStandIn,
  startSlackWebApiStandIn,
} from '../../helpers/slack-web-api-stand-in.ts';

let api: SlackWebApiStandIn;
let presenter: ReplyPresenter;
const logs: string[] = [];
beforeAll(async () => {
  api = await startSlackWebApiStandIn();
  const client = new webApi.WebClient(BOT_TOKEN, {
    slackApiUrl: api.apiUrl,
    retryConfig: { retries: 0 },
  });
  presenter = new ReplyPresenter({
    client,
    log: (line) => logs.push(line),
    uploadAttachments: true,
    ...createInteractions({ pagesTtlMs: 60_000 }),
  });
});
afterAll(async () => api?.close());

const SHORT_WITH_FILE: Reply = {
  title: 'Export',
  text: 'Three entries.',
  list: { heading: 'Entries', items: ['one', 'two', 'three'], pageSize: 50 },
  attachment: { fileName: 'export.txt', content: 'one\ntwo\nthree\n' },
  severity: 'info',
  visibility: 'private',
};

describe("a reply's file reaches the user on Slack", () => {
  it('is uploaded even when its list fits in one message, and the message says where it went', async () => {
    const message = await presenter.present(SHORT_WITH_FILE, { userId: 'U0ADMIN', channelId: 'C1' });
    expect(logs).toEqual([]);
    expect(api.uploads.at(-1)?.body).toContain('one\ntwo\nthree\n');
    const text = messageText({ text: message.text, blocks: message.blocks });
    expect(text).toContain('three');
    expect(text).toContain('export.txt was sent to your direct messages with this app.');
  });

  it('a file without any list is uploaded too', async () => {
    const before = api.uploads.length;
    const { list: _list, ...withoutList } = SHORT_WITH_FILE;
    await presenter.present(withoutList, { userId: 'U0ADMIN' });
    expect(api.uploads.length).toBe(before + 1);
  });
});
