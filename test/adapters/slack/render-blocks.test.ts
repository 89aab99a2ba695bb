import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slackListPages } from '../../../adapters/slack/list-pages.ts';
import { renderReply } from '../../../adapters/slack/render-blocks.ts';
import { escapeSlackText } from '../../../adapters/slack/slack-text.ts';
import type { Reply } from '../../../src/replies/reply.ts';
import { rosterReply } from '../../../src/replies/roster.ts';
import { slackMarkupProblems } from '../../helpers/inert-payloads.ts';
import { expectWithinSlackLimits, TOTAL_BLOCKS_JSON_MAX } from '../../helpers/slack-block-limits.ts';
import { buttonsOf, escapedMessageText, messageText } from '../../helpers/slack-test-app.ts';

const names = (count: number) =>
  Array.from({ length: count }, (_, index) => `visitor-${String(index).padStart(5, '0')}`);
const bigRoster = rosterReply({ roomId: 7, roomName: 'Arena', userNames: names(10_000), capacity: 20_000 });

describe('a 10,000-user roster in Block Kit', () => {
  it('page 1, a middle page and the last page each fit every limit and show 50 names', () => {
    for (const page of [1, 100, 200]) {
      const message = renderReply(bigRoster, { pagesKey: 'k1', page });
      expectWithinSlackLimits(message);
      expect(JSON.stringify(message.blocks).length).toBeLessThan(TOTAL_BLOCKS_JSON_MAX / 2);
      const text = messageText(message);
      const shown = text.split('\n').filter((line) => line.startsWith('visitor-'));
      expect(shown).toHaveLength(50);
      expect(shown[0]).toBe(`visitor-${String((page - 1) * 50).padStart(5, '0')}`);
      expect(text).toContain(`page ${page} of 200`);
      expect(text).toContain('of 10,000');
    }
  });

  it('Previous and Next where there is a page to go to, carrying the page in their action_id', () => {
    const actions = (page: number) =>
      buttonsOf(renderReply(bigRoster, { pagesKey: 'k1', page })).map((button) => [
        button.text?.text,
        button.action_id,
      ]);
    expect(actions(1)).toEqual([['Next ▶', 'fc:page:k1:2']]);
    expect(actions(2)).toEqual([
      ['◀ Previous', 'fc:page:k1:1'],
      ['Next ▶', 'fc:page:k1:3'],
    ]);
    expect(actions(200)).toEqual([['◀ Previous', 'fc:page:k1:199']]);
    expect(actions(999)).toEqual(actions(200));
  });

  it('without a pages key (an alert, an uploaded list) the rest is counted, not paged', () => {
    const message = renderReply(bigRoster, { note: 'The whole list is in room-7-users.txt.' });
    expectWithinSlackLimits(message);
    expect(buttonsOf(message)).toEqual([]);
    expect(messageText(message)).toContain('… and 9,950 more not shown');
    expect(messageText(message)).toContain('The whole list is in room-7-users.txt.');
  });

  it('long names make shorter pages rather than longer messages', () => {
    const list = {
      heading: 'Long',
      items: Array.from({ length: 200 }, (_, i) => `${i}:${'x'.repeat(400)}`),
      pageSize: 50,
    };
    const first = slackListPages(list).page(1);
    expect(first.items.length).toBeLessThan(50);
    expect(first.items.every((item) => item.length <= 300)).toBe(true);
    const reply: Reply = { title: 'Long', severity: 'info', visibility: 'private', list };
    expectWithinSlackLimits(renderReply(reply, { pagesKey: 'k2' }));
    // Every item is on exactly one page.
    const seen: string[] = [];
    for (let page = 1; page <= first.pages; page += 1)
      seen.push(
        ...slackListPages(list)
          .page(page)
          .items.map((item) => item.split(':')[0] ?? ''),
      );
    expect(seen).toEqual(list.items.map((_, i) => String(i)));
  });
});

/** Slack markup a room name, a nickname or a broadcast could carry, and an entity typed as text. */
const INJECTIONS = '<!channel> <!here> <@U123> <#C1|x> <http://evil|ok> @everyone @here &amp; <!everyone>';

describe('text from users and the chat server is shown as typed, and can neither ping nor link', () => {
  it('every text object and the fallback text are escaped, mrkdwn and plain_text alike', () => {
    const reply: Reply = {
      title: `Room ${INJECTIONS}`,
      text: `Hello ${INJECTIONS}`,
      fields: [{ label: `Owner ${INJECTIONS}`, value: `${INJECTIONS} *bold*` }],
      list: { heading: `A & <b> ${INJECTIONS}`, items: [INJECTIONS, '<!everyone>'], pageSize: 10 },
      severity: 'info',
      visibility: 'channel',
      confirmation: {
        id: 'c1',
        question: `Delete ${INJECTIONS}?`,
        confirmLabel: '<!channel>',
        cancelLabel: '<@U1>',
        expiresAt: new Date(0),
      },
    };
    const message = renderReply(reply, { note: `In ${INJECTIONS}.txt` });
    expect(slackMarkupProblems(message)).toEqual([]);
    const escaped = escapeSlackText(INJECTIONS);
    expect(escaped).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;#C1|x&gt; &lt;http://evil|ok&gt; @everyone @here &amp;amp; &lt;!everyone&gt;',
    );
    expect(message.text).toBe(`Room ${escaped} — Hello ${escaped}`);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain(`*Owner ${escaped}*\\n${escaped} *bold*`);
    expect(json).toContain(`*A &amp; &lt;b&gt; ${escaped}*`);
    // Escaped once, not twice: what Slack shows is what was typed, `&amp;` included.
    const shown = messageText(message);
    for (const line of [`Hello ${INJECTIONS}`, INJECTIONS, `In ${INJECTIONS}.txt`])
      expect(shown).toContain(line);
    expect(buttonsOf(message)[0]?.confirm).toMatchObject({
      text: { type: 'plain_text', text: `Delete ${escaped}?` },
      confirm: { type: 'plain_text', text: '&lt;!channel&gt;' },
      deny: { type: 'plain_text', text: '&lt;@U1&gt;' },
    });
    expect(escapedMessageText(message)).not.toContain(INJECTIONS);
  });

  it('a section of text that triples when escaped still fits 3000 characters, cut between entities', () => {
    for (const char of ['<', '&', '>']) {
      const message = renderReply({
        title: char.repeat(400),
        text: `${char.repeat(2000)}\n${char.repeat(5000)}`,
        fields: [{ label: char.repeat(400), value: char.repeat(3000) }],
        list: { heading: char.repeat(400), items: [char.repeat(1000), char.repeat(10)], pageSize: 5 },
        severity: 'info',
        visibility: 'private',
      });
      expectWithinSlackLimits(message);
      expect(slackMarkupProblems(message)).toEqual([]);
      const entity = escapeSlackText(char);
      const sections = (message.blocks as Array<{ type: string; text?: { type: string; text: string } }>)
        .filter((block) => block.type === 'section' && block.text?.type === 'plain_text')
        .map((block) => block.text?.text ?? '');
      expect(sections.length).toBeGreaterThan(1);
      // Nothing but whole entities, and an ellipsis where a line was cut.
      for (const text of sections) expect(text.replaceAll(entity, '')).toMatch(/^[\n…]*$/);
    }
  });
});

const severity = fc.constantFrom<Reply['severity']>('info', 'success', 'warning', 'error');
const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 5000 }),
  fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0001', '<', '&', 'é'), maxLength: 4000 }),
);
const replies: fc.Arbitrary<Reply> = fc.record(
  {
    title: anyText,
    text: anyText,
    fields: fc.array(fc.record({ label: anyText, value: anyText }), { maxLength: 40 }),
    list: fc.record({
      heading: anyText,
      items: fc.array(anyText, { maxLength: 300 }),
      pageSize: fc.integer({ min: 1, max: 200 }),
    }),
    severity,
    visibility: fc.constantFrom<Reply['visibility']>('private', 'channel'),
    confirmation: fc.record({
      id: fc.uuid(),
      question: anyText,
      confirmLabel: anyText,
      cancelLabel: anyText,
      expiresAt: fc.date(),
    }),
  },
  { requiredKeys: ['title', 'severity', 'visibility'] },
);

describe('any reply', () => {
  it('renders within every Block Kit limit and with no markup unescaped, on any page, with or without paging', () => {
    fc.assert(
      fc.property(
        replies,
        fc.integer({ min: -5, max: 500 }),
        fc.option(fc.uuid()),
        fc.option(anyText),
        (reply, page, pagesKey, note) => {
          const options = { page, ...(pagesKey ? { pagesKey } : {}), ...(note ? { note } : {}) };
          const message = renderReply(reply, options);
          expectWithinSlackLimits(message);
          expect(slackMarkupProblems(message)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
