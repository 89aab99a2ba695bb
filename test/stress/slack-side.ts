import { type ChildProcess, fork } from 'node:child_process';
import type { SlackSideAck, SlackSideBatch, SlackSideMessage } from './slack-side-client.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const TSX = new URL('node_modules/tsx/dist/loader.mjs', `file://${ROOT}`).href;

export interface SlackSide {
  /** Signs and posts every body at once from Slack's process; each one's status and time to its ack. */
  post(url: string, secret: string, contentType: string, bodies: readonly string[]): Promise<SlackSideAck[]>;
  close(): Promise<void>;
}

/** Starts slack-side-client.ts in a process of its own. */
export async function startSlackSide(): Promise<SlackSide> {
  const child: ChildProcess = fork(`${ROOT}test/stress/slack-side-client.ts`, [], {
    execArgv: ['--import', TSX],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the Slack side exited (${code}) before it started`)));
  });
  const waiting = new Map<number, (message: SlackSideMessage) => void>();
  child.on('message', (message: SlackSideMessage) => {
    if ('id' in message) waiting.get(message.id)?.(message);
  });
  let nextId = 0;
  return {
    post(url, secret, contentType, bodies) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, (message) => {
          waiting.delete(id);
          if ('error' in message) reject(new Error(`the Slack side: ${message.error}`));
          else if ('acks' in message) resolve(message.acks);
        });
        child.send({ id, url, secret, contentType, bodies: [...bodies] } satisfies SlackSideBatch);
      });
    },
    async close() {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}
