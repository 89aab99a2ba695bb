import { fork } from 'node:child_process';
import type { SlackSideAnswer, SlackSideReady, SlackSideRequest } from './processes/slack-side-child.ts';
import { benchProcess } from './programs.ts';

type Body<K extends SlackSideRequest['kind']> = Omit<Extract<SlackSideRequest, { kind: K }>, 'id'>;

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
  const child = fork(benchProcess('slack-side-child'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const { apiUrl } = await new Promise<SlackSideReady>((resolve, reject) => {
    child.once('message', (message: SlackSideReady) => resolve(message));
    child.once('exit', (code) => reject(new Error(`bench: the Slack side process exited (${code})`)));
  });
  const waiting = new Map<number, (answer: SlackSideAnswer) => void>();
  child.on('message', (message: SlackSideAnswer) => waiting.get(message.id)?.(message));
  let nextId = 0;
  const ask = <K extends SlackSideRequest['kind']>(body: Body<K>) =>
    new Promise<Extract<SlackSideAnswer, { kind: K }>>((resolve) => {
      const id = nextId++;
      waiting.set(id, (answer) => {
        waiting.delete(id);
        resolve(answer as Extract<SlackSideAnswer, { kind: K }>);
      });
      child.send({ ...body, id });
    });
  const origin = new URL(apiUrl).origin;
  let nextResponse = 0;
  return {
    apiUrl,
    responseUrl: () => `${origin}/response/bench-${++nextResponse}`,
    async post(url, secret, contentType, bodies) {
      const answer = await ask<'post'>({ kind: 'post', url, secret, contentType, bodies });
      const failed = answer.statuses.find((status) => status !== 200);
      if (failed !== undefined) throw new Error(`bench: the Slack app answered ${failed}`);
      return answer.elapsedMs;
    },
    async responses(count) {
      await ask<'responses'>({ kind: 'responses', count });
    },
    async close() {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}
