import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);

/** How a program run to its end ended: its exit code and everything it wrote. */
export interface ProgramRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs node with `args` in `cwd`, with only PATH and `env` set; resolves whatever the exit code. */
export function runNode(
  args: readonly string[],
  cwd: string,
  env: Record<string, string>,
): Promise<ProgramRun> {
  return run(process.execPath, args, { cwd, env: { PATH: process.env.PATH, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: ProgramRun) => error,
  );
}

/** `npm run build`: every program as JavaScript under dist/ (scripts/build.mjs). */
export async function buildPrograms(): Promise<void> {
  await run(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
}

/** The built program of a source file, for runNode: `app/audit.ts` is dist/app/audit.js. */
export function builtProgram(source: string): string {
  return join(ROOT, 'dist', source.replace(/\.ts$/, '.js'));
}

/** A source file run through tsx, for runNode (tsx's loader by its path: it does not resolve from elsewhere). */
export function sourceProgram(source: string): string[] {
  return ['--import', new URL('node_modules/tsx/dist/loader.mjs', `file://${ROOT}`).href, join(ROOT, source)];
}
