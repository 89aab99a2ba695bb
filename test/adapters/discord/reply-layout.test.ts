import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { embedsForPage, layoutReply, pageCount } from '../../../adapters/discord/reply-layout.ts';
import { ReplyPresenter } from '../../../adapters/discord/reply-presenter.ts';
import { PromptOwners } from '../../../adapters/shared/confirmation-prompts.ts';
import { ReplyPages } from '../../../adapters/shared/reply-pages.ts';
import type { Reply } from '../../../src/replies/reply.ts';
import { rosterReply } from '../../../src/replies/roster.ts';
import { embedLimitProblems } from '../../helpers/discord-limits-check.ts';

const text = (maxLength: number) => fc.string({ unit: 'binary', maxLength });
const replyArbitrary: fc.Arbitrary<Reply> = fc.record(
  {
    title: text(400),
    text: text(9000),
    fields: fc.array(fc.record({ label: text(400), value: text(2000) }), { maxLength: 40 }),
    list: fc.record({
      heading: text(400),
      items: fc.array(text(6000), { maxLength: 120 }),
      pageSize: fc.integer({ min: 1, max: 120 }),
    }),
    attachment: fc.record({ fileName: fc.constant('list.txt'), content: text(200) }),
    severity: fc.constantFrom('info', 'success', 'warning', 'error'),
    visibility: fc.constantFrom('private', 'channel'),
  },
  { requiredKeys: ['title', 'severity', 'visibility'] },
);

describe('replies as embeds within Discord’s limits', () => {
  it('every page of any reply is within every embed limit, and no list page holds more than pageSize items', () => {
    fc.assert(
      fc.property(replyArbitrary, (reply) => {
        const layout = layoutReply(reply);
        for (let page = 1; page <= pageCount(layout); page += 1) {
          const embeds = embedsForPage(layout, page);
          expect(embedLimitProblems(embeds)).toEqual([]);
          const lines = embeds[1]?.description?.split('\n') ?? [];
          if (reply.list) expect(lines.length).toBeLessThanOrEqual(reply.list.pageSize);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps every short item, in order, across the pages', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z0-9 ]{1,60}$/), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 80 }),
        (items, pageSize) => {
          const layout = layoutReply({
            title: 'List',
            list: { heading: 'Items', items, pageSize },
            severity: 'info',
            visibility: 'private',
          });
          const shown = Array.from({ length: pageCount(layout) }, (_, index) =>
            (embedsForPage(layout, index + 1)[1]?.description ?? '').split('\n'),
          ).flat();
          expect(shown).toEqual(items);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a 10,000-user roster: 200 pages of 50 names, each within the limits, and the file attached', async () => {
    const names = Array.from({ length: 10_000 }, (_, index) => `visitor_${index}*`);
    const reply = rosterReply({ roomId: 7, roomName: 'Main *Hall*', userNames: names, capacity: 12_000 });
    const message = await presenterWith().present(reply, '111');
    expect(embedLimitProblems(message.embeds)).toEqual([]);
    expect(message.embeds[0]?.title).toBe('Who is in Main \\*Hall\\* (7)');
    expect(message.embeds[1]?.footer?.text).toBe('Page 1 of 200 · 10000 items');
    expect(message.files?.[0]?.name).toBe('room-7-users.txt');
    expect(message.files?.[0]?.attachment.toString('utf8').split('\n')).toHaveLength(10_001);
    const layout = layoutReply(reply);
    expect(pageCount(layout)).toBe(200);
    for (let page = 1; page <= 200; page += 1)
      expect(embedLimitProblems(embedsForPage(layout, page))).toEqual([]);
    // Markdown in names is shown as typed, not as formatting.
    expect(embedsForPage(layout, 1)[1]?.description?.split('\n')[0]).toBe('visitor\\_0\\*');
  });

  it('colours by severity, and fills empty field names and values so Discord takes them', () => {
    const layout = layoutReply({
      title: 'x',
      fields: [{ label: '', value: '' }],
      severity: 'warning',
      visibility: 'private',
    });
    expect(layout.header).toEqual({
      title: 'x',
      color: 0xfee75c,
      fields: [{ name: '\u200b', value: '\u200b', inline: true }],
    });
  });

  it('past 25 fields, the last place says how many were left out', () => {
    const fields = Array.from({ length: 30 }, (_, index) => ({ label: `f${index}`, value: 'v' }));
    const layout = layoutReply({ title: 'x', fields, severity: 'info', visibility: 'private' });
    expect(layout.header.fields).toHaveLength(25);
    expect(layout.header.fields?.at(-1)).toEqual({ name: 'More', value: '6 more not shown', inline: true });
  });
});

/** A presenter on the shared stores, in memory, on a clock the test moves. */
function presenterWith(options: { now?: () => number; ttlMs?: number; maxReplies?: number } = {}) {
  const pages = new ReplyPages({
    ttlMs: options.ttlMs ?? 60_000,
    maxReplies: options.maxReplies,
    now: options.now,
  });
  return new ReplyPresenter({ pages, owners: new PromptOwners({ now: options.now }) });
}

describe('the presenter: buttons and the state they need', () => {
  it('a short list has no buttons, and its file is attached; a reply with only an attachment attaches it', async () => {
    const presenter = presenterWith();
    const short = await presenter.present({
      title: 'x',
      list: { heading: 'h', items: ['a'], pageSize: 50 },
      attachment: { fileName: 'a.txt', content: 'a\n' },
      severity: 'info',
      visibility: 'private',
    });
    expect(short.components).toEqual([]);
    expect(short.files?.map((file) => file.name)).toEqual(['a.txt']);
    const only = await presenter.present({
      title: 'x',
      attachment: { fileName: 'a.txt', content: 'a\n' },
      severity: 'info',
      visibility: 'private',
    });
    expect(only.files?.map((file) => file.name)).toEqual(['a.txt']);
  });

  it('pages turn from the page store, clamped, until the list expires', async () => {
    let now = 0;
    const presenter = presenterWith({ now: () => now, ttlMs: 1000 });
    const items = Array.from({ length: 120 }, (_, index) => `item ${index}`);
    const first = await presenter.present({
      title: 't',
      list: { heading: 'h', items, pageSize: 50 },
      severity: 'info',
      visibility: 'private',
    });
    const next = first.components[0]?.components[2];
    const key = next && 'custom_id' in next ? /^fc:page:([^:]+):2$/.exec(next.custom_id)?.[1] : undefined;
    if (key === undefined) throw new Error('no Next button');
    expect((await presenter.page(key, 3))?.embeds[1]?.description?.split('\n')).toEqual(items.slice(100));
    expect((await presenter.page(key, 99))?.embeds[1]?.footer?.text).toBe('Page 3 of 3 · 120 items');
    const buttons = (await presenter.page(key, 3))?.components[0]?.components.map((button) => [
      'label' in button ? button.label : '',
      button.disabled,
    ]);
    expect(buttons).toEqual([
      ['Previous', false],
      ['3 / 3', true],
      ['Next', true],
    ]);
    now = 1001;
    expect(await presenter.page(key, 2)).toBeUndefined();
  });

  it('keeps at most maxReplies lists: the oldest goes first', async () => {
    const presenter = presenterWith({ maxReplies: 2 });
    const keys: string[] = [];
    for (let made = 0; made < 3; made += 1) {
      const message = await presenter.present({
        title: 't',
        list: { heading: 'h', items: ['a', 'b'], pageSize: 1 },
        severity: 'info',
        visibility: 'private',
      });
      const button = message.components[0]?.components[0];
      keys.push(button && 'custom_id' in button ? (button.custom_id.split(':')[2] ?? '') : '');
    }
    const kept = await Promise.all(keys.map(async (key) => (await presenter.page(key, 1)) !== undefined));
    expect(kept).toEqual([false, true, true]);
  });

  it('a confirmation: Confirm (danger) and Cancel carrying its id; the owner is remembered past the deadline', async () => {
    let now = 0;
    const pages = new ReplyPages({ ttlMs: 60_000, now: () => now });
    const owners = new PromptOwners({ now: () => now });
    const presenter = new ReplyPresenter({ pages, owners });
    const message = await presenter.present(
      {
        title: 'Confirm: /chat room delete',
        severity: 'warning',
        visibility: 'private',
        confirmation: {
          id: 'abc-123',
          question: 'q',
          confirmLabel: 'Delete',
          cancelLabel: 'Keep',
          expiresAt: new Date(60_000),
        },
      },
      '301',
    );
    expect(message.components[0]?.components).toEqual([
      { type: 2, style: 4, label: 'Delete', custom_id: 'fc:confirm:abc-123' },
      { type: 2, style: 2, label: 'Keep', custom_id: 'fc:cancel:abc-123' },
    ]);
    now = 61_000;
    expect(await owners.isOwner('abc-123', '301')).toBe(true);
    expect(await owners.isOwner('abc-123', '302')).toBe(false);
    now = 60_000 + 10 * 60_000 + 1;
    expect(await owners.isOwner('abc-123', '301')).toBe(false);
  });
});
