/**
 * Text from the chat (nicknames, room names, messages, audit entries) as a terminal may print
 * it. A control character would act instead of showing: ESC starts a sequence that moves the
 * cursor, recolours or retitles the terminal, CR goes back to overwrite the line, BEL rings, a
 * newline forges a line of output; bidirectional overrides reorder what is shown. Each is shown
 * as its code instead (`\x1b`, `\x0d`, `\u202e`), and nothing else changes.
 */
export function showControls(text: string, options: { keepNewlines?: boolean } = {}): string {
  let shown = '';
  let from = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (!isControl(code) || (code === NEWLINE && options.keepNewlines === true)) continue;
    shown += `${text.slice(from, index)}${codeOf(code)}`;
    from = index + 1;
  }
  return from === 0 ? text : `${shown}${text.slice(from)}`;
}

const NEWLINE = 0x0a;

/** C0 (NUL to US), DEL, C1 (0x80 to 0x9f), and the bidirectional embeddings, overrides and isolates. */
function isControl(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

function codeOf(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
}
