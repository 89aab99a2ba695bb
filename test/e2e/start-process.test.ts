import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_NAMES, PERMISSION_KEYS } from '../../src/catalogue/catalogue.ts';
import { parseConfig } from '../../src/config/index.ts';
import { collectOutput } from '../helpers/child-output.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

/** What `npm start` runs (the bundle `npm run build` makes), and the sources under tsx. */
const PROGRAMS = {
  built: [process.execPath, join(ROOT, 'dist/app/start.js')],
  sources: [join(ROOT, 'node_modules/.bin/tsx'), join(ROOT, 'app/start.ts')],
} as const;
type Program = keyof typeof PROGRAMS;

beforeAll(async () => {
  // The build puts each file in place whole, so a bot already running from dist/ is not disturbed.
  await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
}, 60_000);

function spawnApp(program: Program, env: Record<string, string | undefined>, cwd: string) {
  const [command, script] = PROGRAMS[program];
  return spawn(command, [script], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** `npm start` as a user runs it: a real process, input on a pipe. */
function start(
  program: Program,
  input: string,
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnApp(program, env, cwd);
    const output = collectOutput(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: output.stdout, stderr: output.stderr });
    });
    child.stdin.end(input);
  });
}

describe.each(['built', 'sources'] as const)('npm start (%s)', (program) => {
  it('with no configuration runs the demo, answers piped commands, and exits at the end of input', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'flashchat-start-'));
    try {
      const { code, stdout, stderr } = await start(program, '/chat status\n/chat who Lobby\n', {}, cwd);
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
        program,
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

  it('refuses to start on a Discord role-name binding without bindings.discord.guilds, naming the key', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'flashchat-start-'));
    try {
      await writeFile(
        join(cwd, 'chatops.yml'),
        'roles:\n  admin: { allow: ["*"] }\nbindings:\n  discord: { roles: { "Chat Admins": admin } }\n  console: { role: admin }\n',
      );
      const { code, stdout, stderr } = await start(
        program,
        '/chat status\n',
        { FLASHCHAT_API_PASSWORD: 'pw-never-shown' },
        cwd,
      );
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('flashchat-ops cannot start: the configuration is not valid.\n');
      expect(stderr).toContain(
        './chatops.yml: bindings.discord.roles["Chat Admins"]: "Chat Admins" is a role name, and a name binding is refused without bindings.discord.guilds',
      );
      expect(stderr).toContain('Bind the role by its id');
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  }, 30_000);

  it('stops quietly, running nothing more, when its output pipe is closed (npm start | head)', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'flashchat-start-'));
    try {
      const child = spawnApp(program, {}, cwd);
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      // The reader goes away after the banner, while lines keep coming.
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      child.stdout.destroy();
      for (let index = 0; index < 200; index += 1) child.stdin.write('/chat status\n');
      child.stdin.end();
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('configuration files', () => {
  it('the shipped example configuration is valid', async () => {
    const text = await readFile(join(ROOT, 'chatops.example.yml'), 'utf8');
    const config = parseConfig(text, {
      fileName: join(ROOT, 'chatops.example.yml'),
      env: { FLASHCHAT_API_PASSWORD: 'x' },
      permissionKeys: PERMISSION_KEYS,
      operationNames: OPERATION_NAMES,
    });
    expect(config.cooldowns.get('broadcast')).toBe(10_000);
  });
});
