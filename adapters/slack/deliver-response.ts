import { setTimeout as sleep } from 'node:timers/promises';
import type { RespondArguments } from '@slack/bolt';
import type { Log } from './adapter-log.ts';
import { type Respond, ResponseUrlRefusal } from './response-url-client.ts';

/**
 * Waits before the second and third tries of a response_url post. A response_url stays valid for
 * 30 minutes and five posts, so a short outage on Slack's side need not lose the answer.
 */
export const RESPONSE_RETRY_DELAYS_MS: readonly number[] = [1_000, 3_000];

export interface ResponseDelivery {
  log: Log;
  /** Waits before each further try; default RESPONSE_RETRY_DELAYS_MS. */
  responseRetryDelaysMs?: readonly number[];
}

/**
 * Sends through the response_url. A failure that may pass (Slack answering 429 or 5xx, or the
 * request not getting through) is tried again after each delay; one that will not (404: the URL
 * expired or was used up; any other 4xx) is not. What could not be delivered is logged, never
 * thrown: the command already ran and was audited. A request that failed after Slack had in fact
 * taken it is sent again: the answer may then show twice, which beats showing never.
 */
export async function deliverResponse(
  respond: Respond,
  message: RespondArguments,
  delivery: ResponseDelivery,
  what: string,
): Promise<void> {
  const delays = delivery.responseRetryDelaysMs ?? RESPONSE_RETRY_DELAYS_MS;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await respond(message);
      if (attempt > 1) delivery.log(`Slack: ${what} was delivered at try ${attempt}.`);
      return;
    } catch (error) {
      const delay = delays[attempt - 1];
      if (delay === undefined || !mayPass(error)) {
        const tries = attempt > 1 ? ` after ${attempt} tries` : '';
        delivery.log(`Slack: ${what} could not be delivered${tries}: ${describe(error)}`);
        return;
      }
      await sleep(delay);
    }
  }
}

/** Slack's refusal says whether it may pass; a request that got no answer at all may. */
function mayPass(error: unknown): boolean {
  return error instanceof ResponseUrlRefusal ? error.mayPass : true;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
