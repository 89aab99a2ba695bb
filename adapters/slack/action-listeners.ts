import type { App, RespondArguments } from '@slack/bolt';
import type { Visibility } from '../../src/replies/reply.ts';
import { type AnswerPlacement, answerConfirmationClick } from '../shared/confirmation-prompts.ts';
import {
  INTERACTIVE_ID_PREFIX,
  type InteractiveAction,
  parseInteractiveId,
} from '../shared/interactive-ids.ts';
import { EXPIRED_LIST } from '../shared/reply-pages.ts';
import { acknowledge } from './acknowledge.ts';
import { deliverResponse } from './deliver-response.ts';
import { type ListenerDeps, responseType } from './listener-deps.ts';
import type { SlackMessage } from './render-blocks.ts';
import { slackRequestMeta } from './request-meta.ts';
import type { Respond } from './response-url-client.ts';
import { type BlockActions, blockActionsSchema } from './slack-payloads.ts';

/**
 * Clicks on the adapter's buttons, whose action_id is an id of the shared scheme. Confirm and
 * Cancel go through the shared confirmation routing (the core decides whether the answer
 * counts); page buttons show another page of a kept reply.
 */
export function listenForActions(app: App, deps: ListenerDeps): void {
  // One listener for every button: Bolt tries each listener on every request, slash commands too.
  app.action(ACTION_ID_PATTERN, async ({ ack, action, body, context }) => {
    await acknowledge(ack, deps.log, 'a button click');
    const actionId = 'action_id' in action ? action.action_id : '';
    const click = await readClick(body, actionId, context.retryNum, deps);
    if (!click) return;
    const respond = deps.responses.responder(click.payload.response_url);
    // Not awaited, as for commands: Bolt keeps the request until the listener returns.
    void deps.track(async () => {
      await deps.afterAck();
      if (click.action.kind === 'confirmation')
        await answerConfirmation(click.payload, click.action, respond, deps);
      else if (click.action.kind === 'page') await showPage(click.payload, click.action, respond, deps);
    });
  });
}

const ACTION_ID_PATTERN = new RegExp(`^${INTERACTIVE_ID_PREFIX}`);

interface Click {
  payload: BlockActions;
  action: InteractiveAction;
}

async function readClick(
  body: unknown,
  actionId: string,
  retryNum: number | undefined,
  deps: ListenerDeps,
): Promise<Click | undefined> {
  const parsed = blockActionsSchema.safeParse(body);
  const clicked = parsed.success && parsed.data.actions.some((action) => action.action_id === actionId);
  const action = clicked ? parseInteractiveId(actionId) : undefined;
  if (!parsed.success || action === undefined) {
    deps.log(`Slack: a ${actionId.slice(0, 100)} click without the fields it needs was ignored.`);
    return undefined;
  }
  const verdict = await deps.guard.check({ retryNum, triggerId: parsed.data.trigger_id });
  if (verdict !== 'first') {
    deps.log(`Slack: a redelivered ${actionId} click from ${parsed.data.user.id} was dropped.`);
    return undefined;
  }
  return { payload: parsed.data, action };
}

async function answerConfirmation(
  payload: BlockActions,
  action: Extract<InteractiveAction, { kind: 'confirmation' }>,
  respond: Respond,
  deps: ListenerDeps,
): Promise<void> {
  const { user, team, enterprise, channel } = payload;
  const requester = {
    userId: user.id,
    userName: user.username ?? user.name,
    teamId: team?.id ?? user.team_id,
    enterpriseId: enterprise?.id,
    channelId: channel?.id,
  };
  const meta = await slackRequestMeta(requester, deps.usergroups);
  const { reply, placement } = await answerConfirmationClick(
    { core: deps.core, owners: deps.interactions.owners },
    { confirmationId: action.confirmationId, answer: action.answer, clickerId: user.id },
    meta,
  );
  const message = await deps.presenter.present(reply, requester);
  for (const body of PLACEMENTS[placement](message, reply.visibility))
    await deliverResponse(respond, body, deps, `the answer to a confirmation from ${user.id}`);
}

/**
 * How each placement is drawn on Slack. An ephemeral prompt cannot become a channel message: for
 * an answer that is for the channel, the prompt goes and the answer is posted.
 */
const PLACEMENTS: Record<
  AnswerPlacement,
  (message: SlackMessage, visibility: Visibility) => RespondArguments[]
> = {
  'to-clicker': (message) => [{ response_type: 'ephemeral', replace_original: false, ...message }],
  'in-prompt': (message, visibility) => [
    { response_type: responseType(visibility), replace_original: true, ...message },
  ],
  'in-prompt-and-channel': (message) => [
    { delete_original: true },
    { response_type: 'in_channel', replace_original: false, ...message },
  ],
};

async function showPage(
  payload: BlockActions,
  action: Extract<InteractiveAction, { kind: 'page' }>,
  respond: Respond,
  deps: ListenerDeps,
): Promise<void> {
  const message = await deps.presenter.page(action.key, action.page);
  const what = `a page asked for by ${payload.user.id}`;
  if (!message) {
    const expired = await deps.presenter.present(EXPIRED_LIST, { userId: payload.user.id });
    await deliverResponse(
      respond,
      { response_type: 'ephemeral', replace_original: false, ...expired },
      deps,
      what,
    );
    return;
  }
  await deliverResponse(respond, { replace_original: true, ...message }, deps, what);
}
