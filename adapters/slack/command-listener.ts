import type { App } from '@slack/bolt';
import { acknowledge } from './acknowledge.ts';
import { decodeSlackText } from './decode-slack-text.ts';
import { deliverResponse } from './deliver-response.ts';
import { type ListenerDeps, responseType } from './listener-deps.ts';
import { slackRequestMeta } from './request-meta.ts';
import { SLACK_COMMAND } from './slack-methods.ts';
import { slashCommandSchema } from './slack-payloads.ts';

/**
 * `/chat …`: acknowledged at once, whatever the chat server does (Slack shows
 * operation_timeout after 3 s), then run by the core and answered through the response_url.
 */
export function listenForCommand(app: App, deps: ListenerDeps): void {
  app.command(SLACK_COMMAND, async ({ ack, body, context }) => {
    await acknowledge(ack, deps.log, `a ${SLACK_COMMAND} command`);
    // Read and checked for redelivery as requests arrive, before any other waiting: a retry is
    // never the one that runs, and of two deliveries of one trigger (on this instance or, with
    // the state store, on any) the store lets one through.
    const parsed = slashCommandSchema.safeParse(body);
    if (!parsed.success) {
      deps.log(`Slack: a ${SLACK_COMMAND} request without the fields it needs was ignored.`);
      return;
    }
    const command = parsed.data;
    const verdict = await deps.guard.check({ retryNum: context.retryNum, triggerId: command.trigger_id });
    if (verdict !== 'first') {
      deps.log(
        verdict === 'retry'
          ? `Slack: a redelivered ${SLACK_COMMAND} from ${command.user_id} was dropped (retry ${context.retryNum}): it may have run already, and a command never runs twice.`
          : `Slack: a redelivered ${SLACK_COMMAND} from ${command.user_id} was dropped (trigger already seen): it already ran or is running.`,
      );
      return;
    }
    const respond = deps.responses.responder(command.response_url);
    // Not awaited: Bolt keeps the request (its body, payload and HTTP objects) until the listener
    // returns; the work keeps only what it reads, so a burst of held commands stays small.
    void deps.track(async () => {
      // Acks first: the work is the slow part, not the ack.
      await deps.afterAck();
      const requester = {
        userId: command.user_id,
        userName: command.user_name,
        teamId: command.team_id,
        enterpriseId: command.enterprise_id,
        channelId: command.channel_id,
      };
      const meta = await slackRequestMeta(requester, deps.usergroups);
      const reply = await deps.core.handleLine(decodeSlackText(command.text), meta);
      const message = await deps.presenter.present(reply, requester);
      await deliverResponse(
        respond,
        { response_type: responseType(reply.visibility), replace_original: false, ...message },
        deps,
        `the answer to ${SLACK_COMMAND} from ${command.user_id}`,
      );
    });
  });
}
