/**
 * Text cut to a Slack limit. Lengths are counted in UTF-16 units, never fewer than the
 * characters Slack counts, and a cut never splits a surrogate pair or an escape: the text is cut
 * before it is encoded, a whole character at a time, and measured as encoded.
 */

const ELLIPSIS = '…';

/** `text` (after `encode`), cut with an ellipsis so the result is at most `max` long. */
export function fitText(text: string, max: number, encode: (text: string) => string = identity): string {
  const whole = encode(text);
  if (whole.length <= max) return whole;
  return encode(cutBefore(text, max, encode));
}

/**
 * `text` itself (not encoded), cut with an ellipsis where needed so that its encoding is at most
 * `max` long: for text that is encoded later, at the text object it goes into.
 */
export function cutText(text: string, max: number, encode: (text: string) => string = identity): string {
  return encode(text).length <= max ? text : cutBefore(text, max, encode);
}

function cutBefore(text: string, max: number, encode: (text: string) => string): string {
  let fitted = '';
  let length = 0;
  for (const char of text) {
    const piece = encode(char).length;
    if (length + piece + ELLIPSIS.length > max) break;
    fitted += char;
    length += piece;
  }
  return `${fitted}${ELLIPSIS}`;
}

function identity(text: string): string {
  return text;
}

/**
 * Lines joined into chunks of at most `max` each once encoded, in order; a line longer than `max`
 * is cut. For sections, which have a size limit but may follow one another. The chunks are not
 * encoded: the text object they go into does that.
 */
export function chunkLines(
  lines: readonly string[],
  max: number,
  encode: (text: string) => string = identity,
): string[] {
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
