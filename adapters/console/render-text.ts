import { listPage, type Reply } from '../../src/replies/reply.ts';
import { showControls } from './show-controls.ts';

const MARKS: Record<Reply['severity'], string> = { info: '', success: '✔ ', warning: '! ', error: '✖ ' };

/**
 * A reply as plain text for a terminal: title, text, fields, the first page of a list. The
 * attachment's path is added by the caller, which writes the file. Every piece of the reply is
 * shown with its control characters as codes (show-controls.ts): the only line breaks are the
 * renderer's own and the text's, each line indented.
 */
export function renderText(reply: Reply): string {
  const lines = [`${MARKS[reply.severity]}${showControls(reply.title)}`];
  if (reply.text) lines.push(...reply.text.split('\n').map((line) => `  ${showControls(line)}`));
  const fields = (reply.fields ?? []).map((field) => ({
    label: showControls(field.label),
    value: showControls(field.value),
  }));
  const labelWidth = Math.max(0, ...fields.map((field) => field.label.length));
  for (const field of fields) lines.push(`  ${field.label.padEnd(labelWidth)}  ${field.value}`);
  if (reply.list) {
    const page = listPage(reply.list, 1);
    lines.push(`  ${showControls(reply.list.heading)}:`);
    for (const item of page.items) lines.push(`    ${showControls(item)}`);
    const more = reply.list.items.length - page.items.length;
    if (more > 0) lines.push(`    … and ${more} more`);
  }
  if (reply.confirmation) lines.push(`  Type "yes" to confirm or "no" to cancel.`);
  return lines.join('\n');
}
