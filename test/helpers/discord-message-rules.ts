import type { APIEmbed } from 'discord.js';
import type { FormProblem } from './discord-command-rules.ts';
import { embedLimitProblems } from './discord-limits-check.ts';

/**
 * What Discord refuses in a message body (Create Message, Edit and Execute Webhook, an
 * interaction callback's data), written from Discord's documented limits and independently of
 * the adapter's fitting code: `content` up to 2000 characters (developers/resources/message.mdx,
 * Create Message), the embed limits (developers/resources/message.mdx, "Embed Limits";
 * ./discord-limits-check.ts), at most 5 action rows of at most 5 buttons, a button's label up to
 * 80 characters and its custom_id 1 to 100 characters and unique within the message
 * (developers/components/reference.mdx, "Action Row" and "Button"), a `nonce` up to 25 characters
 * (developers/resources/message.mdx, Create Message). A body that breaks one is refused whole
 * with 400, code 50035, as Discord does.
 */
export function messageBodyProblems(body: unknown): FormProblem[] {
  if (typeof body !== 'object' || body === null) return [];
  const message = body as { content?: unknown; embeds?: unknown; components?: unknown; nonce?: unknown };
  const problems: FormProblem[] = [];
  if (typeof message.nonce === 'string' && message.nonce.length > 25)
    problems.push({
      path: ['nonce'],
      code: 'BASE_TYPE_MAX_LENGTH',
      message: 'Must be 25 or fewer in length.',
    });
  if (typeof message.content === 'string' && message.content.length > 2000)
    problems.push({
      path: ['content'],
      code: 'BASE_TYPE_MAX_LENGTH',
      message: 'Must be 2000 or fewer in length.',
    });
  if (Array.isArray(message.embeds))
    for (const problem of embedLimitProblems(message.embeds as APIEmbed[]))
      problems.push({ path: ['embeds'], code: 'BASE_TYPE_MAX_LENGTH', message: problem });
  if (Array.isArray(message.components)) problems.push(...componentProblems(message.components));
  return problems;
}

function componentProblems(rows: readonly unknown[]): FormProblem[] {
  const problems: FormProblem[] = [];
  if (rows.length > 5)
    problems.push({
      path: ['components'],
      code: 'BASE_TYPE_MAX_LENGTH',
      message: 'Must be 5 or fewer in length.',
    });
  const ids = new Set<string>();
  rows.forEach((row, rowIndex) => {
    const components = (row as { components?: unknown }).components;
    if (!Array.isArray(components)) return;
    if (components.length > 5)
      problems.push({
        path: ['components', rowIndex, 'components'],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: 'Must be 5 or fewer in length.',
      });
    components.forEach((component, index) => {
      const at = ['components', rowIndex, 'components', index];
      const { label, custom_id: customId } = component as { label?: unknown; custom_id?: unknown };
      if (typeof label === 'string' && label.length > 80)
        problems.push({
          path: [...at, 'label'],
          code: 'BASE_TYPE_MAX_LENGTH',
          message: 'Must be 80 or fewer in length.',
        });
      if (typeof customId !== 'string') return;
      if (customId.length < 1 || customId.length > 100)
        problems.push({
          path: [...at, 'custom_id'],
          code: 'BASE_TYPE_BAD_LENGTH',
          message: 'Must be between 1 and 100 in length.',
        });
      if (ids.has(customId))
        problems.push({
          path: [...at, 'custom_id'],
          code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
          message: 'Component custom id cannot be duplicated',
        });
      ids.add(customId);
    });
  });
  return problems;
}
