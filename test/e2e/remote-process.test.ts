import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { collectOutput } from '../helpers/child-output.ts';

/**
 * flashchat-ops away from the chat server, as a real process: only the host, the port, the
 * password and the Data API's URL are set; there is no data folder where it runs. Every /chat
 * operation is piped through the console of the built program.
 */

const ROOT = new URL('../..', import.meta.url).pathname;
const PASSWORD = 'remote-process-pw-5521';
const CONFIG = `
roles:
  admin: { allow: ["*"] }
bindings:
  console: { role: admin }
alerts:
  rules:
    - { name: lobby-busy, roomUsers: 50, channels: { slack: C0LOBBY01 } }
`;

let emulator: RunningEmulator;
let emulatorFolder: string;
let cwd: string;
beforeAll(async () => {
  await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
  emulatorFolder = await mkdtemp(join(tmpdir(), 'flashchat-remote-server-'));
  emulator = await startEmulator({
    port: 0,
    httpPort: 0,
    dataDir: join(emulatorFolder, 'data'),
    password: PASSWORD,
    rooms: [
      { id: 1, name: 'Lobby', max: 100 },
      { id: 2, name: 'Help Desk', max: 4 },
    ],
  });
  for (const name of ['zoe', 'Ann', 'bo']) emulator.state.join('default', 2, name);
  await emulator.statusFilesWritten();
  cwd = await mkdtemp(join(tmpdir(), 'flashchat-remote-bot-'));
  await writeFile(join(cwd, 'chatops.yml'), CONFIG);
}, 60_000);
afterAll(async () => {
  await emulator?.stop();
  await rm(emulatorFolder, { recursive: true, force: true });
  await rm(cwd, { recursive: true, force: true });
});

function run(
  input: string,
  args: readonly string[] = [],
  withServer = true,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const server = {
      FLASHCHAT_HOST: '127.0.0.1',
      FLASHCHAT_PORT: String(emulator.serverApiPort),
      FLASHCHAT_API_PASSWORD: PASSWORD,
      FLASHCHAT_DATA_API_URL: `http://127.0.0.1:${emulator.httpPort}`,
    };
    const child = spawn(process.execPath, [join(ROOT, 'dist/app/start.js'), ...args], {
      cwd: withServer ? cwd : tmpdir(),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LOG_LEVEL: 'info',
        ...(withServer ? server : {}),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const output = collectOutput(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: output.stdout, stderr: output.stderr });
    });
    child.stdin.end(input);
  });
}

describe('only the host, the password and the Data API set, no data folder', () => {
  it('says it reads the Data API and why, and runs every /chat operation', async () => {
    const lines = [
      '/chat status',
      '/chat rooms',
      '/chat full 50',
      '/chat who Help Desk',
      '/chat stats',
      '/chat broadcast Hello from afar',
      '/chat pm Ann bold=on Welcome back',
      '/chat room add "Quiz Night" max=20',
      '/chat room edit Quiz Night max=25',
      '/chat room delete Quiz Night',
      'yes',
      '/chat group stop',
      'yes',
      '/chat group start',
      '/chat alerts',
      '/chat alerts mute lobby-busy 1h',
      '/chat alerts unmute lobby-busy',
      '/chat audit 3',
      '/chat help',
    ];
    const { code, stdout, stderr } = await run(`${lines.join('\n')}\n`);
    expect(code).toBe(0);
    expect(stderr + stdout).toMatch(
      /status: reading the Data API at 127\.0\.0\.1:\d+\/ \(auto: .*does not exist\)/,
    );
    for (const title of [
      'Chat server status (group default)',
      '2 · Help Desk · 3/4',
      'Rooms at or over 50 %',
      'Who is in Help Desk (2)',
      'Occupancy: Logged-in users',
      'Broadcast sent',
      'Room added: Quiz Night',
      'Room deleted: Quiz Night',
      'Group default stopped',
      'Group default started',
      'Alert rule lobby-busy muted for 1 h',
      'Alert rule lobby-busy unmuted',
      'Audit log: last 3 entries',
    ])
      expect(stdout).toContain(title);
    expect(stdout).toMatch(/Users in Help Desk \(2\):\n\s+Ann\n\s+bo\n\s+zoe\n/);
    expect(stdout).not.toMatch(/No status files|status folder .* does not exist/);
    expect(emulator.acceptedCommands.map((command) => command.type)).toEqual(
      expect.arrayContaining([
        'broadcast',
        'private_message',
        'add_room',
        'edit_room',
        'del_room',
        'stop_group',
        'start_group',
      ]),
    );
    expect(`${stdout}${stderr}`).not.toContain(PASSWORD);
  }, 60_000);
});

describe('npm start -- --remote', () => {
  it('runs the demo with the Data API as the only source', async () => {
    const { code, stdout } = await run('/chat status\n/chat who Lobby\n', ['--remote'], false);
    expect(code).toBe(0);
    expect(stdout).toContain('from the Data API only (--remote): the bot is given no status folder');
    expect(stdout).toMatch(/Logged in\s+8/);
    expect(stdout).toMatch(/Users in Lobby \(1\):\n\s+alice\n/);
  }, 60_000);

  it('is refused with a configuration, saying what to set instead', async () => {
    const { code, stderr } = await run('', ['--remote']);
    expect(code).toBe(2);
    expect(stderr).toContain('--remote is for the demo');
    expect(stderr).toContain('server.statusSource: dataApi');
  }, 60_000);
});
