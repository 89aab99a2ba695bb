import type { SlackSideAnswer, SlackSideReady, SlackSideRequest } from './processes/slack-side-child.ts';
import { startSideProcess } from './side-process.ts';

export interface SlackSide {
  /** The stand-in's Web API, for the app's clientOptions.slackApiUrl. */
  apiUrl: string;
  /** A fresh response_url on the stand-in. */
  responseUrl(): string;
  /** Posts the signed bodies at once from Slack's side; resolves with each one's time to its answer. */
  post(url: string, secret: string, contentType: string, bodies: string[]): Promise<number[]>;
  /** Resolves once at least `count` answers have reached the response_urls since the start. */
  responses(count: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts Slack's side in its own process (bench/processes/slack-side-child.ts). */
export async function startSlackSide(): Promise<SlackSide> {
  const side = await startSideProcess<SlackSideReady, SlackSideRequest, SlackSideAnswer>('slack-side-child');
  const { apiUrl } = side.ready;
  const origin = new URL(apiUrl).origin;
  let nextResponse = 0;
  return {
    apiUrl,
    responseUrl: () => `${origin}/response/bench-${++nextResponse}`,
    async post(url, secret, contentType, bodies) {
      const answer = await side.ask({ kind: 'post', url, secret, contentType, bodies });
      if (answer.kind !== 'post') throw new Error('bench: the Slack side answered out of turn');
      const failed = answer.statuses.find((status) => status !== 200);
      if (failed !== undefined) throw new Error(`bench: the Slack app answered ${failed}`);
      return answer.elapsedMs;
    },
    async responses(count) {
      await side.ask({ kind: 'responses', count });
    },
    close: () => side.close(),
  };
}
