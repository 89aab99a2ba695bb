import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSION_KEYS } from '../../src/catalogue/catalogue.ts';
import { parseConfig } from '../../src/config/index.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

/** `npm start` as a user runs it: a real process, input on a pipe. */
function start(
  input: string,
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'app/start.ts')], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

describe('npm start', () => {
  it('with no configuration runs the demo, answers piped commands, and exits at the end of input', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'flashchat-start-'));
    try {
      const { code, stdout, stderr } = await start('/chat status\n/chat who Lobby\n', {}, cwd);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain('flashchat-ops DEMO');
      expect(stdout).toContain('Chat server status (group default)');
      expect(stdout).toContain('Who is in Lobby (1)');
      expect(stdout).toMatch(/Users in Lobby \(1\):\n {4}alice\n {4}Bob\n/);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  }, 30_000);

  it('refuses to start on a bad configuration, naming the file, the key and the problem', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'flashchat-start-'));
    try {
      await writeFile(
        join(cwd, 'chatops.yml'),
        'roles:\n  mods: { allow: [brodcast] }\nbindings:\n  console: { role: admin }\n',
      );
      const { code, stdout, stderr } = await start(
        '/chat status\n',
        { FLASHCHAT_API_PASSWORD: 'pw-never-shown' },
        cwd,
      );
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        'flashchat-ops cannot start: the configuration is not valid.\n' +
          './chatops.yml: roles.mods.allow[0]: unknown operation "brodcast" (did you mean "broadcast"?)\n' +
          './chatops.yml: bindings.console.role: role "admin" is not defined\n',
      );
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  }, 30_000);

  it('the shipped example configuration is valid', async () => {
    const text = await readFile(join(ROOT, 'chatops.example.yml'), 'utf8');
    const config = parseConfig(text, {
      fileName: join(ROOT, 'chatops.example.yml'),
      env: { FLASHCHAT_API_PASSWORD: 'x' },
      permissionKeys: PERMISSION_KEYS,
    });
    expect(config.cooldowns.get('broadcast')).toBe(10_000);
  });
});
