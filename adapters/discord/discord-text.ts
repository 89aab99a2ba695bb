import { escapeMarkdown } from 'discord.js';

/**
 * Text from the chat server or a user shown as it is: `*bold*` or `_x_` in a room or user name must
 * not turn into formatting. Escaping adds characters, so it comes before any length is measured.
 */
export function literal(text: string): string {
  // Most names are plain (a 10,000-user room's roster is 10,000 of them): a text without any
  // character the escapes below act on is returned as it is, without a dozen regular expressions.
  if (!MARKDOWN_CHARACTERS.test(text) && !NUMBERED_LIST.test(text)) return text;
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
}

/**
 * Every character escapeMarkdown (with the options above) acts on: the backslash, code, bold and
 * italic, underline, strikethrough, spoiler, heading, list bullets (`-`, `*`) and masked links.
 */
const MARKDOWN_CHARACTERS = /[\\`*_~|#[-]/;
/** The one escape that needs no such character: a numbered list item (`1.` at a line's start). */
const NUMBERED_LIST = /^ *\d+\./m;

/** Discord refuses empty field names and values; a zero-width space keeps the layout. */
export function nonEmpty(text: string): string {
  return text === '' ? '\u200b' : text;
}
