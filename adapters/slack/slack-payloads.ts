import { z } from 'zod';
import { SLACK_EVENTS } from './slack-methods.ts';

/**
 * The parts of Slack's payloads the adapter reads, checked rather than trusted: Bolt's types say
 * what Slack should send, these say what the adapter relies on. Unknown keys are ignored.
 */

const id = z.string().min(1);

/** Where the answer to a command or a click is posted. */
const responseUrl = z.url({ protocol: /^https?$/ });

/** A slash command, as posted (form fields) or delivered in Socket Mode. */
export const slashCommandSchema = z.object({
  command: z.string(),
  text: z.string().default(''),
  user_id: id,
  user_name: z.string().optional(),
  team_id: z.string().optional(),
  channel_id: z.string().optional(),
  trigger_id: z.string().optional(),
  response_url: responseUrl,
});
export type SlashCommand = z.output<typeof slashCommandSchema>;

const actionSchema = z.object({
  action_id: z.string(),
  value: z.string().optional(),
  action_ts: z.string().optional(),
});

/** A button click on one of the adapter's messages. */
export const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({
    id,
    username: z.string().optional(),
    name: z.string().optional(),
    team_id: z.string().optional(),
  }),
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string() }).nullish(),
  trigger_id: z.string().optional(),
  response_url: responseUrl,
  actions: z.array(actionSchema).min(1),
});
export type BlockActions = z.output<typeof blockActionsSchema>;

export const subteamMembersChangedSchema = z.object({
  type: z.literal(SLACK_EVENTS.membersChanged),
  subteam_id: id,
});

export const subteamUpdatedSchema = z.object({
  type: z.literal(SLACK_EVENTS.groupUpdated),
  subteam: z.object({ id }),
});

/** usergroups.list, with include_disabled false. */
export const usergroupsListSchema = z.object({
  usergroups: z.array(z.object({ id, handle: z.string() })),
});

/** usergroups.users.list. */
export const usergroupUsersSchema = z.object({ users: z.array(z.string()) });

/** What @slack/web-api rejects with: a code, and for Slack's own refusals the `error` it answered. */
export const webApiErrorSchema = z.object({
  code: z.string(),
  data: z.object({ error: z.string(), needed: z.string().optional() }).optional(),
  statusCode: z.number().optional(),
  message: z.string().optional(),
});
export type WebApiError = z.output<typeof webApiErrorSchema>;

/** files.uploadV2's answer: one completion per file. */
export const uploadResultSchema = z.object({
  files: z.array(z.object({ files: z.array(z.object({ id: z.string() })).optional() })).optional(),
});

export const conversationsOpenSchema = z.object({ channel: z.object({ id }) });
