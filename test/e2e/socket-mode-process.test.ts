import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { type AppProcess, startAppProcess } from '../helpers/app-process.ts';
import { auditChainLinesIn } from '../helpers/audit-chain.ts';
import { randomTriggerId } from '../helpers/slack-requests.ts';
import { type SocketModeStandIn, startSocketModeStandIn } from '../helpers/slack-socket-mode-stand-in.ts';
import { APP_TOKEN, BOT_TOKEN, messageText, SIGNING_SECRET } from '../helpers/slack-test-app.ts';
import { type SlackWebApiStandIn, startSlackWebApiStandIn } from '../helpers/slack-web-api-stand-in.ts';

/**
 * `npm start` in Socket Mode (SLACK_APP_TOKEN set) as a real process: it connects to the Socket
 * Mode stand-in through apps.connections.open with the app-level token, opens no port, answers a
 * slash command sent over the socket, and on SIGTERM closes the connection cleanly and exits 0.
 */

const API_PASSWORD = 'socket-proc-api-pwd-2b7e0d';
const SECRETS = [API_PASSWORD, SIGNING_SECRET, BOT_TOKEN, APP_TOKEN];

let folder: string;
let emulator: RunningEmulator;
let api: SlackWebApiStandIn;
let socket: SocketModeStandIn;
let app: AppProcess;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flashchat-socket-proc-'));
  emulator = await startEmulator({
    port: 0,
    httpPort: 0,
    dataDir: join(folder, 'data'),
    password: API_PASSWORD,
  });
  api = await startSlackWebApiStandIn();
  socket = await startSocketModeStandIn(api);
  await writeFile(
    join(folder, 'chatops.yml'),
    'roles:\n  admin: { allow: ["*"] }\nbindings:\n  slack: { users: { U0ADMIN: admin } }\n',
  );
  app = startAppProcess(folder, {
    FLASHCHAT_API_PASSWORD: API_PASSWORD,
    FLASHCHAT_PORT: String(emulator.serverApiPort),
    FLASHCHAT_DATA_DIR: join(folder, 'data'),
    FLASHCHAT_DATA_API_URL: `http://127.0.0.1:${emulator.httpPort}`,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: api.apiUrl,
  });
  app.child.stdin.end(); // the end of input must not stop a process serving Slack
}, 30_000);

afterAll(async () => {
  if (app?.child.exitCode === null) app.child.kill('SIGKILL');
  await socket?.close();
  await api?.close();
  await emulator?.stop();
  await rm(folder, { recursive: true, force: true });
});

describe('npm start in Socket Mode', () => {
  it('connects with the app-level token, answers a command over the socket, and stops cleanly on SIGTERM', async () => {
    await app.logMatch(/Slack: connected in Socket Mode\./);
    await app.logMatch(/"msg":"flashchat-ops started"/);
    await socket.waitForConnections(1);
    expect(api.callsTo('apps.connections.open').map((call) => call.authorization)).toEqual([
      `Bearer ${APP_TOKEN}`,
    ]);
    expect(app.stderr).not.toContain('listening for /slack/events');

    const responseUrl = api.responseUrl();
    const envelopeId = await socket.send('slash_commands', {
      token: 'deprecated',
      team_id: 'T1',
      channel_id: 'C0OPS',
      user_id: 'U0ADMIN',
      user_name: 'ada',
      command: '/chat',
      text: 'status',
      response_url: responseUrl,
      trigger_id: randomTriggerId(),
    });
    await socket.waitForAck(envelopeId);
    const [answer] = await api.waitForResponses(responseUrl);
    expect(messageText(answer ?? {})).toContain('Chat server status (group default)');

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(app.stderr).toContain('flashchat-ops stopping (SIGTERM)');
    expect(app.stderr).toContain('flashchat-ops stopped');
    // The client said goodbye (a close frame, 1000) rather than vanishing.
    expect(socket.closeCodes).toEqual([1000]);
    const audit = auditChainLinesIn(join(folder, 'state')).join('\n');
    expect(audit).toContain('"operation":"status"');
    for (const secret of SECRETS) expect(app.stderr + app.stdout + audit).not.toContain(secret);
  }, 30_000);
});
