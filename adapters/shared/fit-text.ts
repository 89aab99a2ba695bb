/**
 * The one way text is cut to a platform's limit. Lengths are counted in UTF-16 units (what
 * JavaScript counts, never fewer than Slack's or Discord's own count) on the text as the platform
 * gets it, after `encode` (Slack's entity escaping, Discord's markdown escaping): the text is cut
 * before it is encoded, a whole character at a time, so a cut never splits a surrogate pair or an
 * escape.
 */

export type Encode = (text: string) => string;

const ELLIPSIS = '…';

/** `text` encoded, cut with an ellipsis so that the result is at most `max` long. */
export function fitText(text: string, max: number, encode: Encode = identity): string {
  const whole = encode(text);
  if (whole.length <= max) return whole;
  return encode(cutBefore(text, max, encode));
}

/**
 * `text` itself (not encoded), cut with an ellipsis where needed so that its encoding is at most
 * `max` long: for text that is encoded later, by the text object it goes into.
 */
export function cutText(text: string, max: number, encode: Encode = identity): string {
  return encode(text).length <= max ? text : cutBefore(text, max, encode);
}

function cutBefore(text: string, max: number, encode: Encode): string {
  if (max < ELLIPSIS.length) return '';
  let fitted = '';
  let length = 0;
  for (const char of text) {
    const piece = encode(char).length;
    if (length + piece + ELLIPSIS.length > max) break;
    fitted += char;
    length += piece;
  }
  // An escape that depends on its neighbours (Discord's `1.` at a line's start) is longer than
  // the characters' escapes added up: the cut is measured whole, and shortened until it fits.
  while (fitted !== '' && encode(`${fitted}${ELLIPSIS}`).length > max) fitted = dropLastCharacter(fitted);
  return `${fitted}${ELLIPSIS}`;
}

function dropLastCharacter(text: string): string {
  const last = text.codePointAt(text.length - 1) ?? 0;
  const isLowSurrogate = last >= 0xdc00 && last <= 0xdfff;
  return text.slice(0, isLowSurrogate && text.length >= 2 ? -2 : -1);
}

function identity(text: string): string {
  return text;
}

/**
 * Lines joined into chunks of at most `max` each once encoded, in order; a line longer than `max`
 * is cut. For blocks that have a size limit but may follow one another. The chunks are not
 * encoded: the text object they go into does that.
 */
export function chunkLines(lines: readonly string[], max: number, encode: Encode = identity): string[] {
  const chunks: string[] = [];
  let current: string | undefined;
  let currentLength = 0;
  for (const raw of lines) {
    const line = cutText(raw, max, encode);
    const length = encode(line).length;
    if (current !== undefined && currentLength + 1 + length <= max) {
      current += `\n${line}`;
      currentLength += 1 + length;
    } else {
      if (current !== undefined) chunks.push(current);
      current = line;
      currentLength = length;
    }
  }
  if (current !== undefined) chunks.push(current);
  return chunks;
}
