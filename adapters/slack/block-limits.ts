/**
 * Slack's Block Kit limits (see shared/reference/platform-limits.md) and the budgets the renderer
 * keeps within them. Slack refuses a whole message past a limit (`invalid_blocks`,
 * `msg_blocks_too_long` near 13k characters in total, bolt-js#2509), so the budgets leave room.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  contextElements: 10,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

export const BUDGETS = {
  /** The serialised blocks of one message: well under the ~13k where Slack refuses. */
  messageBlocksJson: 11_000,
  /** The reply's text, over at most two sections. */
  text: 2500,
  /** All fields together; the rest are counted in a note. */
  fields: 2500,
  /** One field, label and value. */
  field: 500,
  /** The items shown on one page of a list. */
  listPage: 3500,
  /** One item of a list: a longer one is cut (the attachment has it whole). */
  listItem: 300,
  /** A short line: list heading, notes. */
  line: 300,
  /** The plain-text fallback shown in notifications. */
  fallbackText: 1000,
} as const;
