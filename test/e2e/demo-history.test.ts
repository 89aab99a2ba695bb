import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectOutput } from '../helpers/child-output.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

/** The demo as `npm start` runs it with no configuration, lines piped in. */
function runDemo(input: string, cwd: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'app/start.ts')], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const output = collectOutput(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: output.stdout });
    });
    child.stdin.end(input);
  });
}

describe('the demo starts with a day of history', () => {
  it('/chat stats draws a day of simulated visitors at once, and its chart is still there after the demo', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'flashchat-demo-history-'));
    try {
      const { code, stdout } = await runDemo('/chat stats\n', cwd);
      expect(code).toBe(0);
      const peak = Number(/Peak\s+(\d+) at/.exec(stdout)?.[1]);
      // The live demo starts with 8 people; the simulated evening has many more.
      expect(peak).toBeGreaterThan(20);
      const chart = /Chart: (\S+\.png)/.exec(stdout)?.[1] ?? '';
      expect((await stat(chart)).size).toBeGreaterThan(0);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  }, 30_000);
});
