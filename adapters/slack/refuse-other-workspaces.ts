import type { App } from '@slack/bolt';
import type { CommandCore } from '../../src/commands/command-core.ts';
import type { Log } from './adapter-log.ts';
import { type SlackRequester, slackRequestMetaWithoutGroups } from './request-meta.ts';
import { refusedRequestSchema } from './slack-payloads.ts';
import type { RequestOrigin, WorkspaceGate } from './workspace-gate.ts';

/** What a slash command from a workspace the bot does not serve is answered (ephemeral, in the ack). */
export const OTHER_WORKSPACE_TEXT = 'This bot does not serve this Slack workspace: nothing was run.';

/**
 * The first global middleware: a request from a workspace the bot does not serve goes no
 * further. It is acknowledged (a slash command with a short ephemeral text, so Slack shows no
 * error), logged, and audited as refused; no listener runs, no group is read, no Web API call or
 * response_url post is made.
 */
export function refuseOtherWorkspaces(
  app: App,
  gate: WorkspaceGate,
  core: Pick<CommandCore, 'refuseRequest'>,
  log: Log,
): void {
  app.use(async (args) => {
    const verdict = gate.check(args.body);
    if (verdict.served) {
      await args.next();
      return;
    }
    if ('command' in args) await args.ack({ response_type: 'ephemeral', text: OTHER_WORKSPACE_TEXT });
    else if ('ack' in args) await args.ack?.();
    const request = describeRequest(args.body, verdict.origin);
    log(
      `Slack: refused ${request.what}${request.requester ? ` from ${request.requester.userId}` : ''}: ${verdict.reason}. This bot serves ${gate.describe()}; to serve that workspace too, list its id in bindings.slack.teams.`,
    );
    // An event names no one who asked: the log line is its record.
    if (request.requester)
      core.refuseRequest(slackRequestMetaWithoutGroups(request.requester), verdict.reason);
  });
}

interface RefusedRequest {
  what: string;
  requester?: SlackRequester;
}

function describeRequest(body: unknown, origin: RequestOrigin): RefusedRequest {
  const parsed = refusedRequestSchema.safeParse(body);
  if (!parsed.success) return { what: 'a request' };
  const { command, type, user_id, user_name, channel_id, user, channel, event } = parsed.data;
  const where = { teamId: origin.teamIds[0], enterpriseId: origin.enterpriseIds[0] };
  if (command !== undefined && user_id !== undefined)
    return {
      what: `a ${command} command`,
      requester: { userId: user_id, userName: user_name, channelId: channel_id, ...where },
    };
  if (user?.id !== undefined)
    return {
      what: `a ${type ?? 'interaction'} request`,
      requester: { userId: user.id, userName: user.username, channelId: channel?.id, ...where },
    };
  return { what: event?.type === undefined ? `a ${type ?? 'request'}` : `a ${event.type} event` };
}
