import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeFileName, uploadFile } from '../../../adapters/slack/upload-attachment.ts';
import { slackMarkupProblems } from '../../helpers/inert-payloads.ts';
import { type SlackWebApiStandIn, startSlackWebApiStandIn } from '../../helpers/slack-web-api-stand-in.ts';

let api: SlackWebApiStandIn;
let client: webApi.WebClient;
beforeAll(async () => {
  api = await startSlackWebApiStandIn({ botToken: 'xoxb-upload-test' });
  client = new webApi.WebClient('xoxb-upload-test', { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(async () => api?.close());

describe('an upload names nobody and links nowhere', () => {
  it('its title and alt text are escaped, its file name keeps only plain characters', async () => {
    await uploadFile(
      client,
      {
        fileName: 'room <!channel> & <http://evil|ok>.png',
        content: new Uint8Array([137, 80, 78, 71]),
        mediaType: 'image/png',
        altText: 'Users in <!here> & <@U123>',
      },
      'C0UPLOADS',
    );
    const requested = api.callsTo('files.getUploadURLExternal').at(-1)?.params;
    expect(requested).toMatchObject({
      filename: 'room___channel_____http___evil_ok_.png',
      alt_text: 'Users in &lt;!here&gt; &amp; &lt;@U123&gt;',
    });
    const completed = api.callsTo('files.completeUploadExternal').at(-1)?.params;
    expect(JSON.parse(String(completed?.files))).toEqual([
      { id: expect.any(String), title: 'room &lt;!channel&gt; &amp; &lt;http://evil|ok&gt;.png' },
    ]);
    for (const call of api.calls) expect(slackMarkupProblems(call.params, call.method)).toEqual([]);
  });

  it('a file name with nothing plain left still has a name; letters of any script stay', () => {
    expect(safeFileName('')).toBe('attachment');
    expect(safeFileName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(safeFileName('salle-Émile_2.txt')).toBe('salle-Émile_2.txt');
  });
});
