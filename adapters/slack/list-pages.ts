import type { ReplyList } from '../../src/replies/reply.ts';
import { ListPages } from '../shared/list-pages.ts';
import { BUDGETS } from './block-limits.ts';
import { escapeSlackText } from './slack-text.ts';

/** A list in the pages Slack shows: each page's items within the page budget once escaped. */
export function slackListPages(list: ReplyList): ListPages {
  return new ListPages(list, {
    pageChars: BUDGETS.listPage,
    itemChars: BUDGETS.listItem,
    encode: escapeSlackText,
  });
}
