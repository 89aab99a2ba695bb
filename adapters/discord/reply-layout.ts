import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Reply, Severity } from '../../src/replies/reply.ts';
import { fitText } from '../shared/fit-text.ts';
import { ListPages } from '../shared/list-pages.ts';
import { EMBED_LIMITS } from './discord-limits.ts';
import { literal, nonEmpty } from './discord-text.ts';

export const SEVERITY_COLORS: Readonly<Record<Severity, number>> = {
  info: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  error: 0xed4245,
};

/**
 * A reply cut to Discord's embed limits once, so that every page of it is rendered from the same
 * pieces: a header embed (title, text, fields) and, for a list, the list's pages, each the
 * description of a second embed.
 */
export interface ReplyLayout {
  header: APIEmbed;
  list?: ListLayout;
}

export interface ListLayout {
  title: string;
  /** The list's pages, each within the description's budget once escaped. */
  pages: ListPages;
  itemCount: number;
}

/** The footer that numbers pages ("Page 200 of 200 · 10000 items") stays well within this. */
const PAGE_FOOTER_RESERVE = 64;
/** What the header may take when a list follows, so the list keeps a useful page. */
const HEADER_SHARE_WITH_LIST = 3000;

export function layoutReply(reply: Reply): ReplyLayout {
  const color = SEVERITY_COLORS[reply.severity];
  const hasList = reply.list !== undefined && reply.list.items.length > 0;
  const headerBudget = hasList ? HEADER_SHARE_WITH_LIST : EMBED_LIMITS.total;

  const title = fitText(reply.title, EMBED_LIMITS.title, literal) || 'flashchat-ops';
  const fields = fitFields(fieldsOf(reply), headerBudget - title.length);
  const fieldsLength = fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  const room = Math.min(EMBED_LIMITS.description, headerBudget - title.length - fieldsLength);
  const description = reply.text ? fitText(reply.text, room, literal) : '';
  const header: APIEmbed = { title, color };
  if (description !== '') header.description = description;
  if (fields.length > 0) header.fields = fields;

  if (!hasList || reply.list === undefined) return { header };
  const listTitle = fitText(reply.list.heading, EMBED_LIMITS.title, literal) || 'List';
  const budget = Math.min(
    EMBED_LIMITS.description,
    EMBED_LIMITS.total - embedsLength([header]) - listTitle.length - PAGE_FOOTER_RESERVE,
  );
  return {
    header,
    list: {
      title: listTitle,
      pages: new ListPages(reply.list, { pageChars: budget, itemChars: budget, encode: listLine }),
      itemCount: reply.list.items.length,
    },
  };
}

export function pageCount(layout: ReplyLayout): number {
  return layout.list?.pages.count ?? 1;
}

/** The embeds of one page (1-based, clamped to the pages there are). */
export function embedsForPage(layout: ReplyLayout, page: number): APIEmbed[] {
  const list = layout.list;
  if (list === undefined) return [layout.header];
  const shown = list.pages.page(page);
  const listEmbed: APIEmbed = {
    title: list.title,
    description: shown.items.map(listLine).join('\n'),
    color: layout.header.color,
  };
  if (shown.pages > 1)
    listEmbed.footer = { text: `Page ${shown.page} of ${shown.pages} · ${list.itemCount} items` };
  return [layout.header, listEmbed];
}

/** What Discord counts against the 6000 characters of a message's embeds. */
export function embedsLength(embeds: readonly APIEmbed[]): number {
  let total = 0;
  for (const embed of embeds) {
    total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
    total += embed.footer?.text.length ?? 0;
    total += embed.author?.name.length ?? 0;
    for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  }
  return total;
}

function fieldsOf(reply: Reply): APIEmbedField[] {
  const given = reply.fields ?? [];
  // Past 25 the last place says how many were left out rather than dropping them silently.
  const shown =
    given.length > EMBED_LIMITS.fields
      ? [
          ...given.slice(0, EMBED_LIMITS.fields - 1),
          { label: 'More', value: `${given.length - (EMBED_LIMITS.fields - 1)} more not shown` },
        ]
      : given;
  return shown.map((field) => ({
    name: nonEmpty(fitText(field.label, EMBED_LIMITS.fieldName, literal)),
    value: nonEmpty(fitText(field.value, EMBED_LIMITS.fieldValue, literal)),
    inline: field.value.length <= 40,
  }));
}

/** Fields in order while they fit the budget; the rest are left out. */
function fitFields(fields: readonly APIEmbedField[], budget: number): APIEmbedField[] {
  const kept: APIEmbedField[] = [];
  let used = 0;
  for (const field of fields) {
    const length = field.name.length + field.value.length;
    if (used + length > budget) break;
    kept.push(field);
    used += length;
  }
  return kept;
}

/** An item as its line shows it: escaped, and never empty (Discord would collapse the line). */
function listLine(item: string): string {
  return nonEmpty(literal(item));
}
