import type { ReplyList } from '../../src/replies/reply.ts';
import { BUDGETS } from './block-limits.ts';
import { cutText } from './fit-text.ts';
import { escapedLength, escapeSlackText } from './slack-text.ts';

export interface ListPage {
  /** The items shown, as typed (escaped where they become text), each cut to the item budget once escaped. */
  items: readonly string[];
  /** 1-based, clamped to the pages that exist. */
  page: number;
  pages: number;
  /** Index of the first item shown, for "items 51–100 of 10,000". */
  first: number;
}

/**
 * A page of a list as Slack shows it: at most the reply's page size, and fewer when the items
 * are long, so a page always fits its budget. The boundaries are recomputed on each click
 * (linear in the items), so nothing but the reply itself is kept between clicks.
 */
export function slackListPage(list: ReplyList, page: number): ListPage {
  const starts = pageStarts(list);
  const pages = starts.length;
  const current = Math.min(Math.max(1, Math.trunc(Number.isFinite(page) ? page : 1)), pages);
  const first = starts[current - 1] ?? 0;
  const end = starts[current] ?? list.items.length;
  // An item is one line: a line break inside one (a room name, a message) would read as two items.
  const items = list.items
    .slice(first, end)
    .map((item) => cutText(item.replace(/\r\n|[\r\n]/g, ' '), BUDGETS.listItem, escapeSlackText));
  return { items, page: current, pages, first };
}

export function slackPageCount(list: ReplyList): number {
  return pageStarts(list).length;
}

function pageStarts(list: ReplyList): number[] {
  const pageSize = Math.max(1, Math.trunc(list.pageSize));
  const starts = [0];
  let count = 0;
  let chars = 0;
  list.items.forEach((item, index) => {
    // Counted as Slack will get it: escaped (`&` is five characters there).
    const length = Math.min(escapedLength(item), BUDGETS.listItem) + 1;
    if (count > 0 && (count >= pageSize || chars + length > BUDGETS.listPage)) {
      starts.push(index);
      count = 0;
      chars = 0;
    }
    count += 1;
    chars += length;
  });
  return starts;
}
