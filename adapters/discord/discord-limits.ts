/**
 * What Discord refuses beyond (see ../shared/reference/platform-limits.md). A message that breaks
 * one is rejected whole with a 400, so every rendering is fitted to these before it is sent.
 */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Title, description, field names and values, footer and author name, summed over all embeds. */
  total: 6000,
  embedsPerMessage: 10,
} as const;

export const MESSAGE_CONTENT_LIMIT = 2000;

export const COMMAND_LIMITS = {
  name: 32,
  description: 100,
  /** Options per command or subcommand, and subcommands or groups at one level. */
  options: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  stringLength: 6000,
  /** Names, descriptions and choice values of one command, summed (the stricter figure documented). */
  combined: 4000,
} as const;

/** Names of chat input commands and their options: lowercase where a lowercase variant exists. */
export const COMMAND_NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

export const AUTOCOMPLETE_LIMITS = { choices: 25, choiceName: 100, choiceValue: 100 } as const;

export const COMPONENT_LIMITS = { customId: 100, buttonLabel: 80, buttonsPerRow: 5, rows: 5 } as const;
