import type { types } from '@slack/bolt';
import { fitText } from '../shared/fit-text.ts';

/**
 * Every string the adapter sends to Slack is escaped here. Slack reads `&`, `<` and `>` as markup
 * in a message's `text` and in its text objects (`<!channel>` pings the channel, `<@U1>` a user,
 * `<http://x|ok>` is a link labelled "ok") and shows `&amp;`, `&lt;`, `&gt;` as the characters
 * (its documented escaping). The adapter never means such markup itself, so all three are
 * escaped in everything, plain_text included: a room name, a nickname or a broadcast shows as
 * typed and can neither ping nor link.
 */
export function escapeSlackText(text: string): string {
  // Most text (user names, room names) has nothing to escape: it is returned as it is, unscanned twice.
  if (!HAS_SPECIALS.test(text)) return text;
  return text.replace(SPECIALS, (char) => (char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;'));
}

const SPECIALS = /[&<>]/g;
const HAS_SPECIALS = /[&<>]/;

/** How long `text` is once escaped, without building the escaped string when nothing changes. */
export function escapedLength(text: string): number {
  return HAS_SPECIALS.test(text) ? escapeSlackText(text).length : text.length;
}

declare const ESCAPED: unique symbol;
/** Mrkdwn made only of escaped text and the adapter's own `*`: nothing raw can be one. */
export type Markup = string & { readonly [ESCAPED]: true };

/** `raw` escaped, cut (with an ellipsis, never inside an entity) to at most `max` once escaped. */
export function markup(raw: string, max = Number.POSITIVE_INFINITY): Markup {
  return fitText(raw, max, escapeSlackText) as Markup;
}

export function bold(text: Markup): Markup {
  return `*${text}*` as Markup;
}

export function joinMarkup(...parts: readonly Markup[]): Markup {
  return parts.join('') as Markup;
}

/** A plain_text object: `raw` escaped and cut to `max` as Slack counts it, never empty. */
export function plainText(raw: string, max: number, emoji?: boolean): types.PlainTextElement {
  const text = nonEmpty(markup(raw, max));
  return emoji === undefined ? { type: 'plain_text', text } : { type: 'plain_text', text, emoji };
}

/** A message's `text` (notifications, and where blocks cannot show): escaped like the rest. */
export function fallbackText(raw: string, max: number): string {
  return nonEmpty(markup(raw, max));
}

export function mrkdwnText(text: Markup): types.MrkdwnElement {
  return { type: 'mrkdwn', text: nonEmpty(text) };
}

/** Slack refuses empty text objects. */
function nonEmpty(text: string): string {
  return text.trim() === '' ? '(empty)' : text;
}
