import { fork } from 'node:child_process';
import { benchProcess } from './programs.ts';

/** A request without its number, for each kind of request a union holds. */
export type Unnumbered<Request> = Request extends unknown ? Omit<Request, 'id'> : never;

/** A bench program under bench/processes/ that answers numbered requests over IPC. */
export interface SideProcess<Ready, Request extends { id: number }, Answer extends { id: number }> {
  /** What the process sent first, once started. */
  ready: Ready;
  /** Sends the request (numbered here) and resolves with the answer of the same number. */
  ask(request: Unnumbered<Request>): Promise<Answer>;
  close(): Promise<void>;
}

/** Forks bench/processes/<name> and waits for its first message. */
export async function startSideProcess<Ready, Request extends { id: number }, Answer extends { id: number }>(
  name: string,
): Promise<SideProcess<Ready, Request, Answer>> {
  const child = fork(benchProcess(name), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Ready));
    child.once('exit', (code) => reject(new Error(`bench: ${name} exited (${code}) before it started`)));
  });
  const waiting = new Map<number, (answer: Answer) => void>();
  child.on('message', (message) => {
    const answer = message as Answer;
    waiting.get(answer.id)?.(answer);
  });
  let nextId = 0;
  return {
    ready,
    ask(request) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, (answer) => {
          waiting.delete(id);
          if ('error' in answer) reject(new Error(`bench: ${name}: ${String(answer.error)}`));
          else resolve(answer);
        });
        child.send({ ...request, id });
      });
    },
    async close() {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}
