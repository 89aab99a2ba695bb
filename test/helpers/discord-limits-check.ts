import type { APIEmbed } from 'discord.js';

/**
 * What Discord would refuse in a message's embeds, written from Discord's documented limits and
 * independently of the adapter's fitting code, so a test does not check the code with itself.
 */
export function embedLimitProblems(embeds: readonly APIEmbed[]): string[] {
  const problems: string[] = [];
  if (embeds.length > 10) problems.push(`${embeds.length} embeds (at most 10)`);
  let total = 0;
  embeds.forEach((embed, index) => {
    const at = `embed ${index + 1}`;
    const title = embed.title ?? '';
    const description = embed.description ?? '';
    const footer = embed.footer?.text ?? '';
    const fields = embed.fields ?? [];
    if (title.length > 256) problems.push(`${at}: title ${title.length} (at most 256)`);
    if (description.length > 4096) problems.push(`${at}: description ${description.length} (at most 4096)`);
    if (footer.length > 2048) problems.push(`${at}: footer ${footer.length} (at most 2048)`);
    if (fields.length > 25) problems.push(`${at}: ${fields.length} fields (at most 25)`);
    for (const field of fields) {
      if (field.name.length === 0 || field.name.length > 256)
        problems.push(`${at}: field name ${field.name.length}`);
      if (field.value.length === 0 || field.value.length > 1024)
        problems.push(`${at}: field value ${field.value.length}`);
      total += field.name.length + field.value.length;
    }
    total += title.length + description.length + footer.length + (embed.author?.name.length ?? 0);
  });
  if (total > 6000) problems.push(`${total} characters in all (at most 6000)`);
  return problems;
}
