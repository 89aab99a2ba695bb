import type { App } from '@slack/bolt';
import type { ConfirmationAnswer } from '../../src/commands/command-core.ts';
import { acknowledge } from './acknowledge.ts';
import { ACTION_IDS, parsePageButtonValue } from './action-ids.ts';
import { deliverResponse } from './deliver-response.ts';
import { type ListenerDeps, responseType } from './listener-deps.ts';
import { slackRequestMeta } from './request-meta.ts';
import type { Respond } from './response-url-client.ts';
import { type BlockActions, blockActionsSchema } from './slack-payloads.ts';

/**
 * Clicks on the adapter's buttons. Confirm and Cancel go to the core with the clicker's identity:
 * the core alone decides whether that user may answer, and whether it is still time. Page
 * buttons show another page of a remembered reply.
 */
export function listenForActions(app: App, deps: ListenerDeps): void {
  const answers: Readonly<Record<string, ConfirmationAnswer>> = {
    [ACTION_IDS.confirm]: 'confirm',
    [ACTION_IDS.cancel]: 'cancel',
  };
  // One listener for every button: Bolt tries each listener on every request, slash commands too.
  app.action(ACTION_ID_PATTERN, async ({ ack, action, body, context }) => {
    await acknowledge(ack, deps.log, 'a button click');
    const actionId = 'action_id' in action ? action.action_id : '';
    const click = readClick(body, actionId, context.retryNum, deps);
    if (!click) return;
    const answer = answers[actionId];
    const respond = deps.responses.responder(click.payload.response_url);
    // Not awaited, as for commands: Bolt keeps the request until the listener returns.
    void deps.track(async () => {
      await deps.afterAck();
      if (answer) await answerConfirmation(click, answer, respond, deps);
      else await showPage(click, respond, deps);
    });
  });
}

const ACTION_ID_PATTERN = new RegExp(`^(?:${Object.values(ACTION_IDS).join('|')})$`);

interface Click {
  payload: BlockActions;
  value: string;
}

function readClick(
  body: unknown,
  actionId: string,
  retryNum: number | undefined,
  deps: ListenerDeps,
): Click | undefined {
  const parsed = blockActionsSchema.safeParse(body);
  const value = parsed.success
    ? parsed.data.actions.find((action) => action.action_id === actionId)?.value
    : undefined;
  if (!parsed.success || value === undefined) {
    deps.log(`Slack: a ${actionId} click without the fields it needs was ignored.`);
    return undefined;
  }
  const verdict = deps.guard.check({ retryNum, triggerId: parsed.data.trigger_id });
  if (verdict !== 'first') {
    deps.log(`Slack: a redelivered ${actionId} click from ${parsed.data.user.id} was dropped.`);
    return undefined;
  }
  return { payload: parsed.data, value };
}

async function answerConfirmation(
  click: Click,
  answer: ConfirmationAnswer,
  respond: Respond,
  deps: ListenerDeps,
): Promise<void> {
  const { user, team, enterprise, channel } = click.payload;
  const requester = {
    userId: user.id,
    userName: user.username ?? user.name,
    teamId: team?.id ?? user.team_id,
    enterpriseId: enterprise?.id,
    channelId: channel?.id,
  };
  const meta = await slackRequestMeta(requester, deps.usergroups);
  const reply = await deps.core.answerConfirmation(click.value, answer, meta);
  const message = await deps.presenter.present(reply, requester);
  const what = `the answer to a confirmation from ${user.id}`;
  // The prompt was shown to its owner only: their answer takes its place; anyone else's is theirs alone.
  if (deps.presenter.promptOwner(click.value) !== user.id) {
    await deliverResponse(
      respond,
      { response_type: 'ephemeral', replace_original: false, ...message },
      deps,
      what,
    );
  } else if (reply.visibility === 'channel') {
    // An ephemeral prompt cannot become a channel message: it goes, and the answer is posted.
    await deliverResponse(respond, { delete_original: true }, deps, what);
    await deliverResponse(
      respond,
      { response_type: 'in_channel', replace_original: false, ...message },
      deps,
      what,
    );
  } else {
    await deliverResponse(
      respond,
      { response_type: responseType(reply.visibility), replace_original: true, ...message },
      deps,
      what,
    );
  }
}

async function showPage(click: Click, respond: Respond, deps: ListenerDeps): Promise<void> {
  const target = parsePageButtonValue(click.value);
  const message = target ? deps.presenter.page(target.pagesKey, target.page) : undefined;
  const what = `a page asked for by ${click.payload.user.id}`;
  if (!message) {
    await deliverResponse(
      respond,
      {
        response_type: 'ephemeral',
        replace_original: false,
        text: 'This list has expired and can no longer be paged: run the command again.',
      },
      deps,
      what,
    );
    return;
  }
  await deliverResponse(respond, { replace_original: true, ...message }, deps, what);
}
