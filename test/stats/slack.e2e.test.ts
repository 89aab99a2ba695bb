import { loadImage } from '@napi-rs/canvas';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, messageText, type SlackTestApp, startSlackTestApp } from '../helpers/slack-test-app.ts';
import { uploadedFile } from '../helpers/slack-web-api-stand-in.ts';
import { type StatsStack, startStatsStack, waitUntil } from './stats-stack.ts';

let stack: StatsStack | undefined;
let slack: SlackTestApp | undefined;
afterEach(async () => {
  await slack?.close();
  await stack?.close();
  slack = undefined;
  stack = undefined;
});

async function start(
  source: 'files' | 'dataApi',
  options: { config?: string; uploadAttachments?: boolean } = {},
) {
  stack = await startStatsStack({ config: options.config, source });
  slack = await startSlackTestApp(stack.runtime.core, { uploadAttachments: options.uploadAttachments });
  for (const user of ['ann', 'bob', 'cat']) stack.emulator.state.join('default', 1, user);
  await stack.recorded();
  return { stack, slack };
}

// Every case from either status source: the status files, or the Data API alone.
describe.each(['files', 'dataApi'] as const)('status from %s', (source) => {
  describe('/chat stats on Slack: the chart as a file (files.uploadV2)', () => {
    it('uploads the PNG to the caller’s direct messages: upload URL, the bytes, completion; the answer says where', async () => {
      const { slack } = await start(source);
      const answer = await slack.run('stats Lobby 1h', ADMIN);
      expect(answer.response_type).toBe('ephemeral');
      const text = messageText(answer);
      expect(text).toContain('Occupancy: Lobby (1), last 1 hour');
      expect(text).toContain('*Peak*\n3 at');
      expect(text).toContain('*Capacity*\n100');
      expect(text).toContain(
        'The chart is in occupancy-room-1-1h.png, sent to your direct messages with this app.',
      );

      const { api } = slack;
      expect(api.callsTo('conversations.open').at(-1)?.params).toMatchObject({ users: 'U0ADMIN' });
      const requested = api.callsTo('files.getUploadURLExternal').at(-1)?.params;
      expect(requested).toMatchObject({ filename: 'occupancy-room-1-1h.png' });
      expect(String(requested?.alt_text)).toMatch(/^Occupancy chart of Lobby \(1\), last 1 hour: peak 3/);
      const [upload] = api.uploads;
      expect(api.uploads).toHaveLength(1);
      const file = await uploadedFile(
        upload ?? { fileId: '', body: '', bytes: Buffer.alloc(0), contentType: '' },
      );
      expect(file.bytes.length).toBe(Number(requested?.length));
      expect([...file.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      const image = await loadImage(file.bytes);
      expect([image.width, image.height]).toEqual([800, 400]);
      const completed = api.callsTo('files.completeUploadExternal').at(-1)?.params;
      expect(completed?.channel_id).toBe('DU0ADMIN');
      expect(JSON.parse(String(completed?.files))).toEqual([
        { id: upload?.fileId, title: 'occupancy-room-1-1h.png' },
      ]);
    });

    it('a failed upload is logged, and the answer carries the sparkline instead', async () => {
      const { slack } = await start(source);
      slack.api.script('files.getUploadURLExternal', { body: { ok: false, error: 'missing_scope' } });
      const answer = await slack.run('stats', ADMIN);
      const text = messageText(answer);
      expect(text).toContain('Occupancy: Logged-in users (group default), last 24 hours');
      expect(text).toMatch(/The chart could not be uploaded \(Slack answered missing_scope\)\. [ ▁▂▃▄▅▆▇█]+/);
      expect(slack.logs.some((line) => line.includes('could not upload occupancy-total-24h.png'))).toBe(true);
      expect(slack.api.uploads).toHaveLength(0);
    });

    it('with uploads off, nothing is uploaded and the answer says why', async () => {
      const { slack } = await start(source, { uploadAttachments: false });
      const text = messageText(await slack.run('stats Lobby', ADMIN));
      expect(text).toContain('occupancy-room-1-24h.png is not shown: file uploads are off.');
      expect(slack.api.callsTo('files.getUploadURLExternal')).toHaveLength(0);
    });
  });

  describe('alerts on Slack with the last hour’s chart', () => {
    const config = `
roles: { admin: { allow: ["*"] } }
bindings: { slack: { users: { U0ADMIN: admin } } }
alerts:
  probeInterval: 100ms
  staleAfter: off
  rules:
    - { name: lobby-busy, roomUsers: 4, rooms: [1], cooldown: 0s, attachChart: true, channels: { slack: C0ALERTS1 } }
`;

    it('posts the alert, then uploads its chart into the same channel', async () => {
      const { stack, slack } = await start(source, { config });
      await stack.runtime.alerts.start([slack.adapter.alertSink]);
      stack.emulator.state.join('default', 1, 'dee');
      await waitUntil('the chart upload', () => slack.api.callsTo('files.completeUploadExternal').length > 0);
      const post = slack.api.callsTo('chat.postMessage').at(-1);
      expect(post?.params.channel).toBe('C0ALERTS1');
      expect(String(post?.params.text)).toContain('Lobby (1) has 4 users');
      const completed = slack.api.callsTo('files.completeUploadExternal').at(-1);
      expect(completed?.params.channel_id).toBe('C0ALERTS1');
      expect((completed?.at ?? 0) >= (post?.at ?? Number.POSITIVE_INFINITY)).toBe(true);
      const file = await uploadedFile(
        slack.api.uploads[0] ?? { fileId: '', body: '', bytes: Buffer.alloc(0), contentType: '' },
      );
      expect(file.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      // The alert is not re-posted for the upload.
      expect(slack.api.callsTo('chat.postMessage')).toHaveLength(1);
    });

    it('a chart that cannot be uploaded is logged; the alert itself is delivered once', async () => {
      const { stack, slack } = await start(source, { config });
      slack.api.script('files.getUploadURLExternal', { body: { ok: false, error: 'not_in_channel' } });
      await stack.runtime.alerts.start([slack.adapter.alertSink]);
      stack.emulator.state.join('default', 1, 'dee');
      await waitUntil('the log line', () =>
        slack.logs.some((line) => line.includes('its chart could not be uploaded')),
      );
      await stack.runtime.alerts.settled();
      expect(slack.api.callsTo('chat.postMessage')).toHaveLength(1);
      expect(slack.logs.find((line) => line.includes('its chart'))).toContain(
        'Invite the app to the channel',
      );
    });
  });
});
