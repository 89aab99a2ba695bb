import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startAppProcess } from '../helpers/app-process.ts';
import { auditChainLinesIn } from '../helpers/audit-chain.ts';
import { FORM, postSigned, slashCommandBody } from '../helpers/slack-requests.ts';
import { messageText } from '../helpers/slack-test-app.ts';
import { type SlackWebApiStandIn, startSlackWebApiStandIn } from '../helpers/slack-web-api-stand-in.ts';
import { closedPort, startTcpStandIn, type TcpStandIn } from '../helpers/tcp-stand-in.ts';
import { producedFrom, scanForSecrets } from './secret-scan.ts';

/**
 * The app as a real process (`node --import tsx app/start.ts`, so the pid measured is the app's),
 * Slack configured, its chat server a TCP peer that answers each command after 500 ms:
 * - a 10 MB request body, even correctly signed, is refused (413) before anything runs, and the
 *   process does not grow with what it was sent;
 * - SIGTERM with a command under way: no new command is taken, the one under way is answered
 *   and audited, its audit entry is committed to the chain, and the process exits 0.
 */

const API_PASSWORD = 'sec-proc-api-pwd-9d41b7c2e05f';
const SIGNING_SECRET = 'sec-proc-signing-secret-6a1f03d9b8e2c7';
const BOT_TOKEN = 'xoxb-5550-6660-SecProcBotTokenNotForLogs';
const SECRETS = [API_PASSWORD, SIGNING_SECRET, BOT_TOKEN];
const ANSWER_AFTER_MS = 500;
const ADMIN = { userId: 'U0ADMIN', userName: 'ada' };

let folder: string;
let chat: TcpStandIn;
let slack: SlackWebApiStandIn;
let app: AppProcess;
let eventsUrl: string;

/** The app's resident memory, in MB: from /proc on Linux, else from ps. */
async function residentMb(): Promise<number> {
  const status = await readFile(`/proc/${app.child.pid}/status`, 'utf8').catch(() => undefined);
  const kb =
    status === undefined
      ? Number((await promisify(execFile)('ps', ['-o', 'rss=', '-p', String(app.child.pid)])).stdout.trim())
      : Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  expect(kb).toBeGreaterThan(0);
  return kb / 1024;
}

/** The entries of the audit chain the process has committed so far (its SQLite state store). */
async function auditLines(): Promise<string[]> {
  return auditChainLinesIn(join(folder, 'state'));
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flashchat-sec-app-'));
  chat = await startTcpStandIn((socket, command) => {
    const type = /type="([a-z_]+)"/.exec(command)?.[1] ?? 'unknown';
    setTimeout(
      () =>
        socket.end(
          `<?xml version="1.0" encoding="UTF-8"?><Response type="${type}" result="0" message="done"/>\0`,
        ),
      ANSWER_AFTER_MS,
    );
  });
  slack = await startSlackWebApiStandIn({ botToken: BOT_TOKEN });
  await writeFile(
    join(folder, 'chatops.yml'),
    'roles:\n  admin: { allow: ["*"] }\nbindings:\n  slack: { users: { U0ADMIN: admin } }\n',
  );
  app = startAppProcess(folder, {
    FLASHCHAT_API_PASSWORD: API_PASSWORD,
    FLASHCHAT_PORT: String(chat.port),
    FLASHCHAT_DATA_DIR: join(folder, 'data'),
    FLASHCHAT_DATA_API_URL: `http://127.0.0.1:${await closedPort()}`,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_PORT: '0',
    SLACK_API_URL: slack.apiUrl,
  });
  const port = Number((await app.logMatch(/listening for \/slack\/events on port (\d+)/))[1]);
  eventsUrl = `http://127.0.0.1:${port}/slack/events`;
}, 30_000);

afterAll(async () => {
  if (app?.child.exitCode === null) app.child.kill('SIGKILL');
  await slack?.close();
  await chat?.close();
  await rm(folder, { recursive: true, force: true });
});

interface Sent {
  status?: number;
  /** Set when the connection failed (refused, reset). */
  error?: string;
  bytesWritten: number;
}

/**
 * POSTs a body of `size` bytes, streamed in 64 KB chunks so this process never holds it whole,
 * on a connection of its own. The body is a slash command whose text is `size` bytes long, and
 * it is correctly signed: only its size is wrong.
 */
function postHuge(size: number, chunked: boolean): Promise<Sent> {
  const responseUrl = slack.responseUrl();
  const head = Buffer.from(
    `${slashCommandBody('broadcast', ADMIN, responseUrl).replace('text=broadcast', 'text=broadcast+')}`,
  );
  const filler = Buffer.alloc(64 * 1024, 'x');
  const chunks = function* () {
    yield head;
    for (let left = size - head.length; left > 0; left -= filler.length)
      yield left >= filler.length ? filler : filler.subarray(0, left);
  };
  const timestamp = String(Math.floor(Date.now() / 1000));
  const hmac = createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:`);
  for (const chunk of chunks()) hmac.update(chunk);
  const headers: Record<string, string> = {
    'content-type': FORM,
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': `v0=${hmac.digest('hex')}`,
  };
  if (!chunked) headers['content-length'] = String(size);
  return new Promise((resolve) => {
    const sent: Sent = { bytesWritten: 0 };
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      outgoing.destroy();
      resolve(sent);
    };
    const outgoing = request(eventsUrl, { method: 'POST', headers, agent: false });
    outgoing.on('response', (response) => {
      sent.status = response.statusCode;
      response.resume();
      response.on('end', finish);
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      sent.error = error.code ?? error.message;
      finish();
    });
    const source = chunks();
    const pump = () => {
      for (let next = source.next(); !next.done; next = source.next()) {
        if (done) return;
        sent.bytesWritten += next.value.length;
        if (!outgoing.write(next.value)) {
          outgoing.once('drain', pump);
          return;
        }
      }
      outgoing.end();
    };
    pump();
  });
}

/** A small signed slash command on a fresh connection: the status, or why there was none. */
function postFresh(text: string): Promise<{ status?: number; error?: string }> {
  const body = slashCommandBody(text, ADMIN, slack.responseUrl());
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return new Promise((resolve) => {
    const outgoing = request(eventsUrl, {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': FORM,
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signature,
      },
    });
    outgoing.on('response', (response) => {
      response.resume();
      resolve({ status: response.statusCode });
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    outgoing.end(body);
  });
}

const TEN_MB = 10 * 1024 * 1024;

/** `/chat help`, answered and audited. */
async function runHelp(): Promise<void> {
  const audited = (await auditLines()).length;
  const responseUrl = slack.responseUrl();
  const ack = await postSigned(eventsUrl, slashCommandBody('help', ADMIN, responseUrl), FORM, {
    secret: SIGNING_SECRET,
  });
  expect(ack.status).toBe(200);
  const [answer] = await slack.waitForResponses(responseUrl);
  expect(messageText(answer ?? {})).toContain('/chat broadcast');
  const deadline = Date.now() + 5_000;
  while ((await auditLines()).length === audited && Date.now() < deadline) await sleep(10);
  expect((await auditLines()).length).toBe(audited + 1);
}

describe('an oversized request body', () => {
  it('10 MB, correctly signed: refused with 413, nothing run, and the process does not grow with it', async () => {
    await runHelp();
    const auditBefore = await auditLines();
    const responsesBefore = slack.responses.length;
    const before = await residentMb();

    let sent = 0;
    const answers: string[] = [];
    let warm = 0;
    for (let round = 1; round <= 20; round += 1) {
      const answer = await postHuge(TEN_MB, round % 2 === 0);
      // 413; or, when the app closes the connection before this side has read its answer, a broken pipe.
      answers.push(answer.status === undefined ? String(answer.error) : String(answer.status));
      sent += answer.bytesWritten;
      if (round === 10) warm = await residentMb();
    }
    const after = await residentMb();
    expect(answers.filter((answer) => !['413', 'EPIPE', 'ECONNRESET'].includes(answer))).toEqual([]);
    // The app's own word: the first refusal of each kind whole (Content-Length said, or a chunked
    // body counted), the rest counted for a line a minute, so a flood does not flood the log.
    expect(
      app.stderr.match(
        /refused a request to \/slack\/events \(413\): (Content-Length \d+|body) over the limit of 1048576 bytes/g,
      ),
    ).toEqual([
      'refused a request to /slack/events (413): Content-Length 10485760 over the limit of 1048576 bytes',
      'refused a request to /slack/events (413): body over the limit of 1048576 bytes',
    ]);

    // Refused before anything ran: nothing reached the chat server, Slack or the audit log.
    expect(chat.received).toEqual([]);
    expect(slack.responses.length).toBe(responsesBefore);
    expect(await auditLines()).toEqual(auditBefore);
    // The receiver reads at most its 1 MiB limit of each body: whatever is sent, the process stays within bounds.
    // Refused at its Content-Length, or once past the limit if chunked, the sender still got out more
    // than the 20 bodies' worth of the limit before the connection was closed on it.
    expect(sent).toBeGreaterThan(20 * 1024 * 1024);
    expect(after - before).toBeLessThan(64);
    expect(after - warm).toBeLessThan(16);
    // And it still serves.
    await runHelp();
    expect(app.child.exitCode).toBeNull();
  }, 60_000);
});

describe('SIGTERM with a command under way', () => {
  it('stops taking commands, answers and audits the one under way, commits its audit entry, exits 0', async () => {
    const auditBefore = (await auditLines()).length;
    const responseUrl = slack.responseUrl();
    const underWay = await postSigned(
      eventsUrl,
      slashCommandBody('broadcast finish me please', ADMIN, responseUrl),
      FORM,
      { secret: SIGNING_SECRET },
    );
    expect(underWay.status).toBe(200);
    const deadline = Date.now() + 5_000;
    while (chat.received.length === 0 && Date.now() < deadline) await sleep(5);
    expect(chat.received).toHaveLength(1);

    app.child.kill('SIGTERM');
    // Commands keep coming until the process is gone: none of them may run.
    const late: Array<{ status?: number; error?: string }> = [];
    let gone = false;
    // What had reached the response_url when the process was gone: the stop waited for the answer.
    let answeredBeforeExit = -1;
    void app.exited.then(() => {
      gone = true;
      answeredBeforeExit = slack.responsesAt(responseUrl).length;
    });
    await sleep(20);
    for (let index = 0; !gone && index < 200; index += 1) {
      late.push(await postFresh(`broadcast too late ${index}`));
      await sleep(20);
    }
    expect(await app.exited).toBe(0);
    expect(answeredBeforeExit).toBe(1);

    // The command under way was answered...
    const [answer] = await slack.waitForResponses(responseUrl, 1, 1_000);
    expect(messageText(answer ?? {})).toContain('Broadcast sent');
    expect(messageText(answer ?? {})).toContain('finish me please');
    // ...and is in the audit chain, which holds nothing from after the signal.
    const audit = (await auditLines()).slice(auditBefore).map((line) => JSON.parse(line));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      operation: 'broadcast',
      parameters: { message: 'finish me please' },
      decision: 'allowed',
      outcome: 'ok',
      result: '0',
    });
    // Nothing sent after the signal reached the chat server, or was acknowledged as taken.
    expect(chat.received).toHaveLength(1);
    expect(late.length).toBeGreaterThan(0);
    expect(late.filter((attempt) => attempt.status === 200)).toEqual([]);
    // How long the stop may take (the 10 s grace) is not measured here: the order is, the answer
    // was posted before the process was gone.
    expect(app.stderr).toContain('flashchat-ops stopped');
    const produced = [
      ...producedFrom('stdout', [app.stdout]),
      ...producedFrom('stderr line', app.stderr.split('\n')),
      ...producedFrom('audit line', await auditLines()),
      ...producedFrom('slack response', slack.responses),
    ];
    expect(scanForSecrets(produced, SECRETS)).toEqual([]);
  }, 30_000);
});
