import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { type AppProcess, startAppProcess } from '../helpers/app-process.ts';
import { auditChainLinesIn } from '../helpers/audit-chain.ts';
import { FORM, postSigned, slashCommandBody } from '../helpers/slack-requests.ts';
import { type SlackWebApiStandIn, startSlackWebApiStandIn } from '../helpers/slack-web-api-stand-in.ts';

const API_PASSWORD = 'app-process-api-password';
const SIGNING_SECRET = 'app-process-signing-secret-0123456789';
const BOT_TOKEN = 'xoxb-111-222-AppProcessBotTokenNeverShown';

let folder: string;
let emulator: RunningEmulator;
let slack: SlackWebApiStandIn;
let app: AppProcess;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flashchat-app-'));
  emulator = await startEmulator({
    port: 0,
    httpPort: 0,
    dataDir: join(folder, 'data'),
    password: API_PASSWORD,
  });
  slack = await startSlackWebApiStandIn({ botToken: BOT_TOKEN });
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
    SLACK_PORT: '0',
    SLACK_API_URL: slack.apiUrl,
    METRICS_PORT: '0',
  });
  app.child.stdin.end(); // the end of input must not stop a process serving Slack
}, 30_000);

afterAll(async () => {
  if (app?.child.exitCode === null) app.child.kill('SIGKILL');
  await slack?.close();
  await emulator?.stop();
  await rm(folder, { recursive: true, force: true });
});

describe('npm start with Slack configured', () => {
  it('serves signed slash commands, /metrics and /healthz, then stops cleanly on SIGTERM with the audit written', async () => {
    const slackPort = Number((await app.logMatch(/listening for \/slack\/events on port (\d+)/))[1]);
    const metricsPort = Number((await app.logMatch(/"metricsPort":(\d+)/))[1]);
    // Its standard input ended before it started: the same process answering the requests below,
    // and stopping for SIGTERM (not for the end of input) at the end, shows it did not stop then.
    const responseUrl = slack.responseUrl();
    const ack = await postSigned(
      `http://127.0.0.1:${slackPort}/slack/events`,
      slashCommandBody('status', { userId: 'U0ADMIN' }, responseUrl),
      FORM,
      { secret: SIGNING_SECRET },
    );
    expect(ack.status).toBe(200);
    const [answer] = await slack.waitForResponses(responseUrl);
    expect(JSON.stringify(answer)).toContain('Chat server status (group default)');

    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toContain(
      'flashchat_commands_total{platform="slack",operation="status",decision="allowed",outcome="ok"} 1',
    );
    const health = (await (await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).json()) as {
      status: string;
    };
    expect(health.status).toBe('ok');

    expect(app.child.exitCode).toBeNull();
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    // The first stop it began was SIGTERM's: the end of input had started none.
    expect(app.stderr).toMatch(/flashchat-ops stopping \(SIGTERM\)/);
    expect(app.stderr).not.toMatch(/stopping \(end of input\)/);
    // The audit chain in the state store is the record (no mirror is configured).
    const audit = auditChainLinesIn(join(folder, 'state')).join('\n');
    expect(audit).toContain('"operation":"status"');
    expect(existsSync(join(folder, 'audit.jsonl'))).toBe(false);
    for (const secret of [API_PASSWORD, SIGNING_SECRET, BOT_TOKEN]) {
      expect(app.stderr + app.stdout + audit).not.toContain(secret);
    }
  }, 30_000);
});
