/**
 * Text cut to a Slack limit. Lengths are counted in UTF-16 units, never fewer than the
 * characters Slack counts, and a cut never splits a surrogate pair or an escape.
 */

const ELLIPSIS = '…';

/** Slack's mrkdwn treats &, < and > as markup (mentions, links); these show them as typed. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (char) => (char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;'));
}

/** `text` (after `encode`), cut with an ellipsis so the result is at most `max` long. */
export function fitText(text: string, max: number, encode: (text: string) => string = identity): string {
  const whole = encode(text);
  if (whole.length <= max) return whole;
  let fitted = '';
  for (const char of text) {
    const piece = encode(char);
    if (fitted.length + piece.length + ELLIPSIS.length > max) break;
    fitted += piece;
  }
  return `${fitted}${ELLIPSIS}`;
}

function identity(text: string): string {
  return text;
}

/**
 * Lines joined into chunks of at most `max` each, in order; a line longer than `max` is cut.
 * For sections, which have a size limit but may follow one another.
 */
export function chunkLines(lines: readonly string[], max: number): string[] {
  const chunks: string[] = [];
  let current: string | undefined;
  for (const raw of lines) {
    const line = fitText(raw, max);
    if (current !== undefined && current.length + 1 + line.length <= max) current += `\n${line}`;
    else {
      if (current !== undefined) chunks.push(current);
      current = line;
    }
  }
  if (current !== undefined) chunks.push(current);
  return chunks;
}
