import type { types } from '@slack/bolt';
import type { ConfirmationPrompt, Reply, ReplyField, ReplyList } from '../../src/replies/reply.ts';
import { ACTION_IDS, pageButtonValue } from './action-ids.ts';
import { BUDGETS, SLACK_LIMITS } from './block-limits.ts';
import { chunkLines, escapeMrkdwn, fitText } from './fit-text.ts';
import { slackListPage } from './list-pages.ts';

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
 * list, paging buttons, a note, and the Confirm/Cancel buttons of a confirmation. Text that
 * comes from users or the chat server is shown as typed: plain text, or escaped mrkdwn.
 */
export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const text = nonEmpty(
    fitText(`${reply.title}${reply.text ? ` — ${reply.text}` : ''}`, BUDGETS.fallbackText),
  );
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
  if (options.note) blocks.push(contextLine(escapeMrkdwn(options.note)));
  if (reply.confirmation) blocks.push(confirmationActions(reply.title, reply.confirmation));
  return blocks;
}

function header(reply: Reply): Block {
  return {
    type: 'header',
    text: {
      type: 'plain_text',
      text: fitText(`${MARKS[reply.severity]} ${reply.title}`, SLACK_LIMITS.headerText),
      emoji: true,
    },
  };
}

function textSections(text: string, budget: number): Block[] {
  const fitted = fitText(text, budget);
  return chunkLines(fitted.split('\n'), SLACK_LIMITS.sectionText).map((chunk) => plainSection(chunk));
}

function fieldSections(fields: readonly ReplyField[], budget: number): Block[] {
  const shown: string[] = [];
  let used = 0;
  const maxFields = SLACK_LIMITS.fieldsPerSection * 2;
  for (const field of fields) {
    const text = fitText(
      `${fitText(field.label, BUDGETS.line)}\n${field.value}`,
      Math.min(BUDGETS.field, SLACK_LIMITS.fieldText),
      escapeMrkdwn,
    );
    if (shown.length >= maxFields || used + text.length > budget) break;
    // The label is bold: the first line, escaped like the rest, wrapped in asterisks.
    const newline = text.indexOf('\n');
    shown.push(newline === -1 ? `*${text}*` : `*${text.slice(0, newline)}*${text.slice(newline)}`);
    used += text.length + 2;
  }
  const blocks: Block[] = [];
  for (let start = 0; start < shown.length; start += SLACK_LIMITS.fieldsPerSection) {
    blocks.push({
      type: 'section',
      fields: shown
        .slice(start, start + SLACK_LIMITS.fieldsPerSection)
        .map((text) => ({ type: 'mrkdwn' as const, text: nonEmpty(text) })),
    });
  }
  const left = fields.length - shown.length;
  if (left > 0) blocks.push(contextLine(`… and ${count.format(left)} more`));
  return blocks;
}

function listBlocks(list: ReplyList, options: RenderOptions, budget: number): Block[] {
  const page = slackListPage(list, options.page ?? 1);
  const total = list.items.length;
  const last = page.first + page.items.length;
  const range =
    page.pages > 1
      ? ` · page ${page.page} of ${page.pages} · ${count.format(page.first + 1)}–${count.format(last)} of ${count.format(total)}`
      : '';
  const blocks: Block[] = [contextLine(`*${fitText(list.heading, BUDGETS.line, escapeMrkdwn)}*${range}`)];
  const shown: string[] = [];
  let used = 0;
  for (const item of page.items) {
    if (used + item.length + 1 > budget && shown.length > 0) break;
    shown.push(item === '' ? ' ' : item);
    used += item.length + 1;
  }
  blocks.push(...chunkLines(shown, SLACK_LIMITS.sectionText).map((chunk) => plainSection(chunk)));
  const hiddenOnPage = page.items.length - shown.length;
  if (hiddenOnPage > 0)
    blocks.push(contextLine(`… ${count.format(hiddenOnPage)} more on this page, too long to show`));
  if (page.pages > 1 && options.pagesKey !== undefined)
    blocks.push(pageButtons(options.pagesKey, page.page, page.pages));
  else if (page.pages > 1) blocks.push(contextLine(`… and ${count.format(total - last)} more not shown`));
  return blocks;
}

function pageButtons(pagesKey: string, page: number, pages: number): Block {
  const elements: types.Button[] = [];
  if (page > 1)
    elements.push({
      type: 'button',
      action_id: ACTION_IDS.previousPage,
      text: { type: 'plain_text', text: '◀ Previous' },
      value: pageButtonValue(pagesKey, page - 1),
    });
  if (page < pages)
    elements.push({
      type: 'button',
      action_id: ACTION_IDS.nextPage,
      text: { type: 'plain_text', text: 'Next ▶' },
      value: pageButtonValue(pagesKey, page + 1),
    });
  return { type: 'actions', block_id: 'chat_pages', elements };
}

function confirmationActions(title: string, prompt: ConfirmationPrompt): Block {
  const label = (text: string, max: number) => ({
    type: 'plain_text' as const,
    text: nonEmpty(fitText(text, max)),
  });
  return {
    type: 'actions',
    block_id: 'chat_confirmation',
    elements: [
      {
        type: 'button',
        action_id: ACTION_IDS.confirm,
        text: label(prompt.confirmLabel, SLACK_LIMITS.buttonText),
        style: 'danger',
        value: prompt.id,
        confirm: {
          title: label(title, SLACK_LIMITS.confirmTitle),
          text: label(prompt.question, SLACK_LIMITS.confirmText),
          confirm: label(prompt.confirmLabel, SLACK_LIMITS.confirmButton),
          deny: label(prompt.cancelLabel, SLACK_LIMITS.confirmButton),
          style: 'danger',
        },
      },
      {
        type: 'button',
        action_id: ACTION_IDS.cancel,
        text: label(prompt.cancelLabel, SLACK_LIMITS.buttonText),
        value: prompt.id,
      },
    ],
  };
}

function plainSection(text: string): Block {
  return { type: 'section', text: { type: 'plain_text', text: nonEmpty(text), emoji: false } };
}

function contextLine(mrkdwn: string): Block {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: nonEmpty(fitText(mrkdwn, SLACK_LIMITS.fieldText)) }],
  };
}

/** Slack refuses empty text objects. */
function nonEmpty(text: string): string {
  return text.trim() === '' ? '(empty)' : text;
}

function jsonLength(blocks: readonly Block[]): number {
  return JSON.stringify(blocks).length;
}
