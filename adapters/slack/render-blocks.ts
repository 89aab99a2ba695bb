import type { types } from '@slack/bolt';
import type { ConfirmationPrompt, Reply, ReplyField, ReplyList } from '../../src/replies/reply.ts';
import { chunkLines, cutText } from '../shared/fit-text.ts';
import { interactiveId } from '../shared/interactive-ids.ts';
import { BUDGETS, SLACK_LIMITS } from './block-limits.ts';
import { slackListPages } from './list-pages.ts';
import {
  bold,
  escapedLength,
  escapeSlackText,
  fallbackText,
  joinMarkup,
  type Markup,
  markup,
  mrkdwnText,
  plainText,
} from './slack-text.ts';

type Block = types.KnownBlock;

export interface SlackMessage {
  /** Shown in notifications and where blocks cannot be. */
  text: string;
  blocks: Block[];
}

export interface RenderOptions {
  /** Which page of the list to show; default the first. */
  page?: number;
  /** Set when the reply is remembered for paging: the list gets Previous/Next buttons. */
  pagesKey?: string;
  /** A line under the reply, e.g. where the whole list was uploaded. */
  note?: string;
}

const MARKS: Record<Reply['severity'], string> = {
  info: ':information_source:',
  success: ':white_check_mark:',
  warning: ':warning:',
  error: ':x:',
};

const count = new Intl.NumberFormat('en-US');

/** Shrinking steps for text that serialises much longer than it reads (quotes, control characters). */
const SCALES = [1, 0.5, 0.25, 0.1] as const;

/**
 * A reply in Block Kit, always within Slack's limits: header, text, fields, one page of the
 * list, paging buttons, a note, and the Confirm/Cancel buttons of a confirmation. Every string,
 * the fallback `text` too, is escaped as it becomes a text object (slack-text.ts), and limits
 * are counted on the escaped text: what users or the chat server typed is shown as typed, and
 * can neither ping nor link.
 */
export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const text = fallbackText(`${reply.title}${reply.text ? ` — ${reply.text}` : ''}`, BUDGETS.fallbackText);
  for (const scale of SCALES) {
    const blocks = renderBlocks(reply, options, scale);
    if (blocks.length <= SLACK_LIMITS.blocksPerMessage && jsonLength(blocks) <= BUDGETS.messageBlocksJson)
      return { text, blocks };
  }
  // Unreachable with the budgets above; kept so no reply can ever be refused by Slack.
  return {
    text,
    blocks: [
      header(reply),
      plainSection('This answer is too long to show in Slack. Run the command from the console instead.'),
    ],
  };
}

function renderBlocks(reply: Reply, options: RenderOptions, scale: number): Block[] {
  const blocks: Block[] = [header(reply)];
  if (reply.text) blocks.push(...textSections(reply.text, Math.floor(BUDGETS.text * scale)));
  if (reply.fields && reply.fields.length > 0)
    blocks.push(...fieldSections(reply.fields, Math.floor(BUDGETS.fields * scale)));
  if (reply.list && reply.list.items.length > 0)
    blocks.push(...listBlocks(reply.list, options, Math.floor(BUDGETS.listPage * scale)));
  if (options.note) blocks.push(contextLine(markup(options.note, SLACK_LIMITS.fieldText)));
  if (reply.confirmation) blocks.push(confirmationActions(reply.title, reply.confirmation));
  return blocks;
}

function header(reply: Reply): Block {
  return {
    type: 'header',
    text: plainText(`${MARKS[reply.severity]} ${reply.title}`, SLACK_LIMITS.headerText, true),
  };
}

function textSections(text: string, budget: number): Block[] {
  const fitted = cutText(text, budget, escapeSlackText);
  return sectionsOfLines(fitted.split('\n'));
}

function fieldSections(fields: readonly ReplyField[], budget: number): Block[] {
  const shown: Markup[] = [];
  let used = 0;
  const maxFields = SLACK_LIMITS.fieldsPerSection * 2;
  const fieldMax = Math.min(BUDGETS.field, SLACK_LIMITS.fieldText);
  for (const field of fields) {
    // The label is bold, on its own line; the value has what is left of the field's budget.
    const label = bold(markup(field.label, BUDGETS.line));
    const text = joinMarkup(label, markup(`\n${field.value}`, fieldMax - label.length));
    if (shown.length >= maxFields || used + text.length > budget) break;
    shown.push(text);
    used += text.length;
  }
  const blocks: Block[] = [];
  for (let start = 0; start < shown.length; start += SLACK_LIMITS.fieldsPerSection) {
    blocks.push({
      type: 'section',
      fields: shown.slice(start, start + SLACK_LIMITS.fieldsPerSection).map(mrkdwnText),
    });
  }
  const left = fields.length - shown.length;
  if (left > 0) blocks.push(contextLine(markup(`… and ${count.format(left)} more`)));
  return blocks;
}

function listBlocks(list: ReplyList, options: RenderOptions, budget: number): Block[] {
  const page = slackListPages(list).page(options.page ?? 1);
  const total = list.items.length;
  const last = page.first + page.items.length;
  const range =
    page.pages > 1
      ? ` · page ${page.page} of ${page.pages} · ${count.format(page.first + 1)}–${count.format(last)} of ${count.format(total)}`
      : '';
  const blocks: Block[] = [contextLine(joinMarkup(bold(markup(list.heading, BUDGETS.line)), markup(range)))];
  const shown: string[] = [];
  let used = 0;
  for (const item of page.items) {
    const length = escapedLength(item) + 1;
    if (used + length > budget && shown.length > 0) break;
    shown.push(item === '' ? ' ' : item);
    used += length;
  }
  blocks.push(...sectionsOfLines(shown));
  const hiddenOnPage = page.items.length - shown.length;
  if (hiddenOnPage > 0)
    blocks.push(contextLine(markup(`… ${count.format(hiddenOnPage)} more on this page, too long to show`)));
  if (page.pages > 1 && options.pagesKey !== undefined)
    blocks.push(pageButtons(options.pagesKey, page.page, page.pages));
  else if (page.pages > 1)
    blocks.push(contextLine(markup(`… and ${count.format(total - last)} more not shown`)));
  return blocks;
}

function pageButtons(pagesKey: string, page: number, pages: number): Block {
  const elements: types.Button[] = [];
  if (page > 1)
    elements.push({
      type: 'button',
      action_id: interactiveId({ kind: 'page', key: pagesKey, page: page - 1 }),
      text: plainText('◀ Previous', SLACK_LIMITS.buttonText),
    });
  if (page < pages)
    elements.push({
      type: 'button',
      action_id: interactiveId({ kind: 'page', key: pagesKey, page: page + 1 }),
      text: plainText('Next ▶', SLACK_LIMITS.buttonText),
    });
  return { type: 'actions', block_id: 'chat_pages', elements };
}

function confirmationActions(title: string, prompt: ConfirmationPrompt): Block {
  return {
    type: 'actions',
    block_id: 'chat_confirmation',
    elements: [
      {
        type: 'button',
        action_id: interactiveId({ kind: 'confirmation', answer: 'confirm', confirmationId: prompt.id }),
        text: plainText(prompt.confirmLabel, SLACK_LIMITS.buttonText),
        style: 'danger',
        confirm: {
          title: plainText(title, SLACK_LIMITS.confirmTitle),
          text: plainText(prompt.question, SLACK_LIMITS.confirmText),
          confirm: plainText(prompt.confirmLabel, SLACK_LIMITS.confirmButton),
          deny: plainText(prompt.cancelLabel, SLACK_LIMITS.confirmButton),
          style: 'danger',
        },
      },
      {
        type: 'button',
        action_id: interactiveId({ kind: 'confirmation', answer: 'cancel', confirmationId: prompt.id }),
        text: plainText(prompt.cancelLabel, SLACK_LIMITS.buttonText),
      },
    ],
  };
}

/** Raw lines as plain-text sections, each within the section limit once escaped. */
function sectionsOfLines(lines: readonly string[]): Block[] {
  return chunkLines(lines, SLACK_LIMITS.sectionText, escapeSlackText).map(plainSection);
}

function plainSection(text: string): Block {
  return { type: 'section', text: plainText(text, SLACK_LIMITS.sectionText, false) };
}

/** One mrkdwn line; what goes in is escaped and cut to the context's limit before it gets here. */
function contextLine(text: Markup): Block {
  return { type: 'context', elements: [mrkdwnText(text)] };
}

function jsonLength(blocks: readonly Block[]): number {
  return JSON.stringify(blocks).length;
}
