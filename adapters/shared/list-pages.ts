import type { ReplyList } from '../../src/replies/reply.ts';
import { cutText, type Encode } from './fit-text.ts';

/** What one page of a list may hold on a platform, counted as the platform gets the text. */
export interface PageLimits {
  /** The characters of one page's items together, a line break between two counted as one. */
  pageChars: number;
  /** One item: a longer one is cut (a reply's attachment has it whole). */
  itemChars: number;
  /** The platform's escaping, which lengths are counted after. */
  encode: Encode;
}

export interface ListPage {
  /** The items shown, one line each, cut to the item limit once encoded; not encoded themselves. */
  items: readonly string[];
  /** 1-based, clamped to the pages that exist. */
  page: number;
  pages: number;
  /** Index of the first item shown, for "items 51–100 of 10,000". */
  first: number;
}

/**
 * A long list in pages, as every platform pages it: at most the reply's page size (the core's
 * choice) a page, and fewer when the items are long, so that a page always fits the platform's
 * limits. Computed from the list each time (linear in the items), so nothing but the reply is
 * kept between two clicks.
 */
export class ListPages {
  readonly #list: ReplyList;
  readonly #limits: PageLimits;
  readonly #starts: readonly number[];

  constructor(list: ReplyList, limits: PageLimits) {
    this.#list = list;
    this.#limits = limits;
    this.#starts = pageStarts(list, limits);
  }

  get count(): number {
    return this.#starts.length;
  }

  page(requested: number): ListPage {
    const pages = this.#starts.length;
    const current = clampPage(requested, pages);
    const first = this.#starts[current - 1] ?? 0;
    const end = this.#starts[current] ?? this.#list.items.length;
    const items = this.#list.items.slice(first, end).map((item) => shownItem(item, this.#limits));
    return { items, page: current, pages, first };
  }
}

export function clampPage(page: number, pages: number): number {
  const whole = Math.trunc(Number.isFinite(page) ? page : 1);
  return Math.min(Math.max(1, whole), Math.max(1, pages));
}

const LINE_BREAK = /\r\n|[\r\n]/g;

/** An item is one line: a line break inside one (a room name, a message) would read as two items. */
function shownItem(item: string, limits: PageLimits): string {
  return cutText(item.replace(LINE_BREAK, ' '), limits.itemChars, limits.encode);
}

/**
 * The item's length as the platform gets it. Most items (user names) are one short line: their
 * encoding is measured once, where cutting and measuring again would encode each three times;
 * on a 10,000-name roster that was most of a Slack reply's rendering.
 */
function shownLength(item: string, limits: PageLimits): number {
  if (!item.includes('\n') && !item.includes('\r')) {
    const length = limits.encode(item).length;
    if (length <= limits.itemChars) return length;
  }
  return limits.encode(shownItem(item, limits)).length;
}

function pageStarts(list: ReplyList, limits: PageLimits): number[] {
  const pageSize = Math.max(1, Math.trunc(list.pageSize));
  const starts = [0];
  let count = 0;
  let chars = 0;
  list.items.forEach((item, index) => {
    const length = shownLength(item, limits);
    if (count > 0 && (count >= pageSize || chars + 1 + length > limits.pageChars)) {
      starts.push(index);
      count = 0;
      chars = 0;
    }
    chars += count === 0 ? length : 1 + length;
    count += 1;
  });
  return starts;
}
