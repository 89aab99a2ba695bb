/**
 * Slack delivers a slash command's text with its own markup: `&`, `<` and `>` escaped as
 * entities, and mentions, channels and links as `<…>` constructs. This turns it back into what
 * the user saw and meant to type, so that values reach the chat server as intended.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

export function decodeSlackText(text: string): string {
  // Literal < and > always arrive escaped, so every raw <…> is a construct; entities are decoded
  // after, in one pass, so a decoded `&lt;` never becomes a construct.
  return text
    .replace(/<([^<>]*)>/g, (_construct, inner: string) => decodeConstruct(inner))
    .replace(/&(amp|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity);
}

function decodeConstruct(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : inner.slice(bar + 1);
  if (target.startsWith('@')) return label === undefined ? target : `@${label.replace(/^@/, '')}`;
  if (target.startsWith('#')) return label === undefined ? target : `#${label.replace(/^#/, '')}`;
  if (target.startsWith('!subteam^')) return label ?? `@${target.slice('!subteam^'.length)}`;
  if (target.startsWith('!')) return label ?? `@${target.slice(1)}`;
  if (label !== undefined) return label;
  return target.startsWith('mailto:') ? target.slice('mailto:'.length) : target;
}
