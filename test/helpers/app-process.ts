import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { collectOutput } from './child-output.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

/** The app (app/start.ts) as a real process, with what it has written so far. */
export interface AppProcess {
  child: ChildProcessWithoutNullStreams;
  readonly stdout: string;
  /** Its log (pino writes to standard error). */
  readonly stderr: string;
  /** Resolves with the exit code once the process has closed. */
  exited: Promise<number | null>;
  /** The first match of `pattern` in the log, waiting for it to be written. */
  logMatch(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/**
 * Starts `node --import tsx app/start.ts` in `cwd` with only PATH, HOME and `env` set. tsx's
 * loader is given by its path, since `tsx` does not resolve from a folder of the test's own,
 * and node runs the app itself, so signals and the pid measured are the app's.
 */
export function startAppProcess(cwd: string, env: Record<string, string>): AppProcess {
  const tsx = new URL('node_modules/tsx/dist/loader.mjs', `file://${ROOT}`).href;
  const child = spawn(process.execPath, ['--import', tsx, join(ROOT, 'app/start.ts')], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  const output = collectOutput(child);
  return {
    child,
    get stdout() {
      return output.stdout;
    },
    get stderr() {
      return output.stderr;
    },
    exited: new Promise((resolve) => child.on('close', resolve)),
    async logMatch(pattern, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output.stderr);
        if (match) return match;
        if (Date.now() > deadline) throw new Error(`not in the log: ${pattern}\n${output.stderr}`);
        await sleep(20);
      }
    },
  };
}
