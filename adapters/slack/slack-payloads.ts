import { z } from 'zod';
import { SLACK_EVENTS } from './slack-methods.ts';

/**
 * The parts of Slack's payloads the adapter reads, checked rather than trusted: Bolt's types say
 * what Slack should send, these say what the adapter relies on. Unknown keys are ignored.
 */

/** A Slack id as sent: users are U… or, on Enterprise Grid, W…; nothing here assumes either. */
const id = z.string().min(1);

/** Slack sends an empty string, or null, where a request has no team or organization. */
const optionalId = z
  .string()
  .nullish()
  .transform((value) => (value === '' || value === null ? undefined : value));

/** Where the answer to a command or a click is posted. */
const responseUrl = z.url({ protocol: /^https?$/ });

/** A slash command, as posted (form fields) or delivered in Socket Mode. */
export const slashCommandSchema = z.object({
  command: z.string(),
  text: z.string().default(''),
  user_id: id,
  user_name: z.string().optional(),
  team_id: optionalId,
  enterprise_id: optionalId,
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
    team_id: optionalId,
  }),
  team: z.object({ id: optionalId }).nullish(),
  enterprise: z.object({ id: optionalId }).nullish(),
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

/**
 * Where a request says it comes from, wherever the kind of request puts it: a slash command's
 * `team_id` / `enterprise_id`, a click's `team.id` / `user.team_id` / `enterprise.id`, an event
 * envelope's `team_id` / `enterprise_id` / `authorizations`.
 */
export const requestOriginSchema = z.object({
  team_id: optionalId,
  enterprise_id: optionalId,
  team: z.object({ id: optionalId }).nullish(),
  user: z.object({ team_id: optionalId }).nullish(),
  enterprise: z.object({ id: optionalId }).nullish(),
  authorizations: z.array(z.object({ team_id: optionalId, enterprise_id: optionalId })).nullish(),
});

/** What a refused request is, for the log and the audit: who sent what, from where. */
export const refusedRequestSchema = z.object({
  command: z.string().optional(),
  type: z.string().optional(),
  user_id: z.string().optional(),
  user_name: z.string().optional(),
  channel_id: z.string().optional(),
  user: z.object({ id: z.string().optional(), username: z.string().optional() }).nullish(),
  channel: z.object({ id: z.string().optional() }).nullish(),
  event: z.object({ type: z.string().optional() }).nullish(),
});

/** auth.test: the workspace (and, on Enterprise Grid, the organization) the bot token belongs to. */
export const authTestSchema = z.object({
  team_id: optionalId,
  enterprise_id: optionalId,
  is_enterprise_install: z.boolean().optional(),
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
