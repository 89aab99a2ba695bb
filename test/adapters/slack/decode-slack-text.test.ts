import { describe, expect, it } from 'vitest';
import { decodeSlackText } from '../../../adapters/slack/decode-slack-text.ts';
import { CATALOGUE } from '../../../src/catalogue/catalogue.ts';
import { parseLine } from '../../../src/grammar/parse-line.ts';

describe('decodeSlackText', () => {
  it.each([
    ['a &amp; b &lt;tag&gt;', 'a & b <tag>'],
    ['&amp;lt; stays literal', '&lt; stays literal'],
    ['pm <@U0123ABC|alice> hi', 'pm @alice hi'],
    ['pm <@U0123ABC> hi', 'pm @U0123ABC hi'],
    ['see <#C024BE7LR|general>', 'see #general'],
    ['ping <!subteam^S0MODS|@chat-mods>', 'ping @chat-mods'],
    ['<!here> and <!channel|@channel>', '@here and @channel'],
    ['visit <https://example.com/a?b=1&amp;c=2|example.com>', 'visit example.com'],
    ['visit <https://example.com/a?b=1&amp;c=2>', 'visit https://example.com/a?b=1&c=2'],
    ['mail <mailto:ops@example.com|ops@example.com> or <mailto:x@y.z>', 'mail ops@example.com or x@y.z'],
    ['"quotes" stay \'as\' “typed”', '"quotes" stay \'as\' “typed”'],
  ])('%j -> %j', (raw, decoded) => {
    expect(decodeSlackText(raw)).toBe(decoded);
  });

  it('what a Slack user typed parses as they meant it', () => {
    const parsed = parseLine(
      decodeSlackText(
        'room add "Q&amp;A &lt;live&gt;" desc="for <#C1|general> &amp; <@U1|bob>" welcome=\'Say "hi"\'',
      ),
      CATALOGUE,
    );
    expect(parsed).toMatchObject({
      ok: true,
      values: { name: 'Q&A <live>', desc: 'for #general & @bob', welcome: 'Say "hi"' },
    });
  });
});
