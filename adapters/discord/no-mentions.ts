/**
 * What a message from the bot may ping: nobody. `parse: []` turns off @everyone, @here, and user
 * and role mentions in content; no `users` or `roles` list lets one through; a reply does not ping
 * the author of the message it answers. Set on the Client (the default of every message
 * discord.js builds: replies, deferred-reply edits, follow-ups, component updates, channel posts)
 * and on every payload the presenter renders, so neither alone is relied on. Embeds never ping,
 * but a payload without this would let content do it.
 */
export interface NoMentions {
  parse: [];
  repliedUser: false;
}

export const NO_MENTIONS: NoMentions = Object.freeze({ parse: Object.freeze([]) as [], repliedUser: false });
