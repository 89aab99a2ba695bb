import { cp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPHEMERAL, flagsOf, isCallback } from '../helpers/discord-stack.ts';
import { FORM, postSigned, slashCommandBody } from '../helpers/slack-requests.ts';
import { messageText, SIGNING_SECRET } from '../helpers/slack-test-app.ts';
import { type Produced, producedFrom, scanForSecrets } from '../security/secret-scan.ts';
import {
  type DiscordOutcome,
  discordAnswers,
  discordDeadlines,
  discordText,
  discordTitle,
  first,
  LOAD_CONFIG,
  type PlannedCommand,
  planCommands,
  runDiscordLoad,
  runSlackLoad,
  type SlackOutcome,
  slackAcks,
  slackText,
  slackUser,
  tally,
} from './load-runs.ts';
import { guardProcess } from './process-guard.ts';
import { ALL_SECRETS, type StressStack, startStressStack, waitUntil } from './stack.ts';

/**
 * Faults, each with what the user is told: the chat server killed in the middle of the load and
 * started again, a server that stalls, replies cut in half, the data folder removed and
 * restored, Slack answering 429 and 500, the Discord gateway dropping the connection. The
 * process must never go down: no unhandled rejection, no exception, no exit.
 */

const guard = guardProcess();
const stacks: StressStack[] = [];
/** Whatever the tests' own stand-ins received (a flaky response_url), for the secret scan. */
const alsoProduced: Produced[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.close()));
});

/** Discord's 3 s first-response deadline, held for every interaction of a run: printed, and asserted. */
function expectDiscordDeadlines(label: string, ...runs: ReadonlyArray<readonly DiscordOutcome[]>): void {
  expect(discordDeadlines(label, runs.flat())).toMatchObject({ late: 0, missing: 0 });
}

/** Slack's 3 s acknowledgement deadline, held for every command of a run: printed, and asserted. */
function expectSlackAcks(label: string, ...runs: ReadonlyArray<readonly SlackOutcome[]>): void {
  const outcomes = runs.flat();
  expect(
    slackAcks(
      label,
      outcomes.map((outcome) => outcome.ackMs),
    ),
  ).toMatchObject({
    acks: outcomes.length,
    late: 0,
  });
}

/**
 * Every request a stack's Slack app was sent (its ackTimesMs: the runs, and `slack.run`s between
 * them) and the tests' own signed posts (`extra`), each acknowledged within Slack's 3 s.
 */
function expectAllSlackAcks(label: string, stack: StressStack, extra: readonly number[] = []): void {
  const ackTimesMs = [...(stack.slack?.ackTimesMs ?? []), ...extra];
  expect(ackTimesMs.length).toBeGreaterThan(0);
  expect(slackAcks(label, ackTimesMs)).toMatchObject({ late: 0 });
}

/** What a user can be told about a broadcast when the chat server misbehaves, and what it implies. */
type Verdict = 'sent' | 'not sent' | 'may have been applied' | 'timed out' | 'unreadable reply';

function verdictOf(text: string, message: string): Verdict | `unexpected: ${string}` {
  if (text.includes('Broadcast sent') && text.includes(message)) return 'sent';
  if (/Cannot reach the chat server at 127\.0\.0\.1:\d+: connection refused/.test(text))
    return text.endsWith('Nothing was sent.') ? 'not sent' : `unexpected: ${text}`;
  if (!text.endsWith('The command was sent and may have been applied: check before trying again.'))
    return `unexpected: ${text}`;
  if (/did not answer within \d+ ms/.test(text)) return 'timed out';
  if (text.includes('sent a reply flashchat-ops cannot read')) return 'unreadable reply';
  if (/dropped the connection without answering|closed the connection without answering/.test(text))
    return 'may have been applied';
  return `unexpected: ${text}`;
}

describe('the emulator killed in the middle of the load, then started again on the same port', () => {
  let stack: StressStack;
  beforeAll(async () => {
    stack = await startStressStack({ config: LOAD_CONFIG });
    stacks.push(stack);
    await stack.startSlack();
    await stack.startDiscord();
  });

  it('1,000 Slack and 500 Discord commands at once: each answered once, truthfully; none run twice; later commands work', async () => {
    const slackPlan = planCommands(1000, 'kill-slack');
    const discordPlan = planCommands(500, 'kill-discord');
    const slackRun = runSlackLoad(stack, slackPlan);
    const discordRun = runDiscordLoad(stack, discordPlan);
    await waitUntil('150 broadcasts carried out', () => stack.emulator.acceptedCommands.length >= 150);
    await stack.stopEmulator();
    await sleep(500);
    await stack.restartEmulator();
    const [slack, discord] = await Promise.all([slackRun, discordRun]);

    for (const outcome of slack) {
      expect(outcome.ackStatus).toBe(200);
      expect(outcome.answers).toHaveLength(1);
    }
    for (const outcome of discord) {
      expect(outcome.requests.filter(isCallback(5))).toHaveLength(1);
      expect(discordAnswers(outcome)).toHaveLength(1);
    }
    expectDiscordDeadlines('emulator killed', discord);
    expectSlackAcks('emulator killed', slack);

    // What each user was told matches what the chat server saw, exactly.
    const carriedOut = tally(stack.broadcastsCarriedOut());
    const verdicts: Verdict[] = [];
    const told = new Map<string, Verdict>();
    const judge = (outcome: PlannedCommand, text: string, where: string) => {
      if (outcome.message === undefined) {
        // status reads the status files, which outlive the server process.
        expect(text, where).toContain('Chat server status (group default)');
        return;
      }
      const verdict = verdictOf(text, outcome.message);
      const times = carriedOut.get(outcome.message) ?? 0;
      if (verdict === 'sent') expect(times, `${where}: told sent`).toBe(1);
      else if (verdict === 'not sent') expect(times, `${where}: told not sent`).toBe(0);
      else if (verdict === 'may have been applied') expect(times, where).toBeLessThanOrEqual(1);
      else throw new Error(`${where}: ${verdict}`);
      verdicts.push(verdict);
      told.set(outcome.message, verdict);
    };
    for (const outcome of slack) judge(outcome, slackText(outcome), `slack #${outcome.index}`);
    for (const outcome of discord) {
      judge(outcome, discordText(outcome), `discord #${outcome.index}`);
      // A failure is shown to its user alone.
      if (outcome.message !== undefined && discordTitle(outcome) !== 'Broadcast sent')
        expect(flagsOf(first(discordAnswers(outcome)))).toBe(EPHEMERAL);
    }
    // Nothing carried out that nobody asked for, nothing carried out twice.
    const planned = new Set([...slackPlan, ...discordPlan].map((command) => command.message));
    for (const [message, times] of carriedOut) {
      expect(planned.has(message)).toBe(true);
      expect(times).toBe(1);
    }
    const counts = tally(verdicts);
    expect((counts.get('not sent') ?? 0) + (counts.get('may have been applied') ?? 0)).toBeGreaterThan(0);
    expect(counts.get('sent')).toBeGreaterThan(0);
    // The restarted server took commands during the load.
    expect(stack.emulators).toHaveLength(2);
    expect(stack.emulators[1]?.acceptedCommands.length).toBeGreaterThan(0);

    // Every attempt audited once, with the outcome the user was told.
    const audit = await stack.auditEntries();
    expect(audit.filter((entry) => entry.platform === 'slack')).toHaveLength(1000);
    expect(audit.filter((entry) => entry.platform === 'discord')).toHaveLength(500);
    const audited = audit.filter((entry) => entry.operation === 'broadcast');
    expect(tally(audited.map((entry) => String(entry.parameters.message))).size).toBe(told.size);
    for (const entry of audited) {
      const verdict = told.get(String(entry.parameters.message));
      expect(entry.outcome, String(entry.parameters.message)).toBe(verdict === 'sent' ? 'ok' : 'failed');
    }
    expect(audit.filter((entry) => entry.operation === 'status' && entry.outcome !== 'ok')).toEqual([]);

    // Later commands work again, on both platforms.
    const after = await runSlackLoad(stack, planCommands(8, 'after-kill-slack'));
    const afterDiscord = await runDiscordLoad(stack, planCommands(8, 'after-kill-discord'));
    for (const outcome of after) if (outcome.message) expect(slackText(outcome)).toContain('Broadcast sent');
    for (const outcome of afterDiscord)
      if (outcome.message) expect(discordTitle(outcome)).toBe('Broadcast sent');
    expectDiscordDeadlines('after the restart', afterDiscord);
    expectSlackAcks('after the restart', after);
    expect(stack.logLines.filter((line) => line.includes('internal error'))).toEqual([]);
  }, 90_000);

  it('the Discord gateway drops the connection under load: the client resumes and keeps serving', async () => {
    const discord = stack.discord;
    if (!discord) throw new Error('no Discord');
    const { standIn } = discord;
    const identifies = standIn.identifies;
    const resumes = standIn.resumes;
    const before = runDiscordLoad(stack, planCommands(60, 'before-drop'));
    standIn.dropGatewayConnections();
    // Commands already received are answered over REST while the gateway is away.
    const answeredBefore = await before;
    await waitUntil('the session resumed', () => standIn.resumes > resumes && standIn.gatewayConnected);
    const answeredAfter = await runDiscordLoad(stack, planCommands(60, 'after-drop'));
    for (const outcome of [...answeredBefore, ...answeredAfter]) {
      expect(discordAnswers(outcome)).toHaveLength(1);
      if (outcome.message) expect(discordText(outcome)).toContain(outcome.message);
      else expect(discordTitle(outcome)).toBe('Chat server status (group default)');
    }
    expect(standIn.identifies).toBe(identifies);
    expect(discord.logs.filter((line) => /failed/.test(line))).toEqual([]);
    expectDiscordDeadlines('gateway dropped', answeredBefore, answeredAfter);
  }, 60_000);

  it("every Slack request of these runs acknowledged within Slack's 3 s", () => {
    expectAllSlackAcks('emulator killed, all', stack);
  });

  it('no secret in any log line, audit line, reply or request produced', async () => {
    expect(await secretHits(stack)).toEqual([]);
  });
});

describe('a chat server that stalls, replies cut in half, the data folder removed, Slack failing', () => {
  /** The acknowledgements of the signed posts these tests send themselves (a flaky response_url). */
  const ownAckTimesMs: number[] = [];
  const TIMEOUT_MS = 700;
  let stack: StressStack;
  beforeAll(async () => {
    stack = await startStressStack({
      config: `${LOAD_CONFIG}
alerts:
  staleAfter: off
  rules:
    - { name: busy, loggedIn: 3, margin: 1, cooldown: 0s, channels: { slack: C0ALERTS1, discord: "701" } }
`,
      rooms: [
        { id: 1, name: 'Lobby', max: 100 },
        { id: 2, name: 'Music', max: 50 },
      ],
      proxy: true,
      timeoutMs: TIMEOUT_MS,
      alertTuning: {
        watch: { debounceMs: 20 },
        delivery: { backoffBaseMs: 50, backoffMaxMs: 200 },
      },
    });
    stacks.push(stack);
    const slack = await stack.startSlack();
    const discord = await stack.startDiscord();
    await stack.runtime.alerts.start([slack.adapter.alertSink, discord.adapter.alertSink]);
  });

  const proxy = () => {
    if (!stack.proxy) throw new Error('no proxy');
    return stack.proxy;
  };

  it('a server that accepts and never answers: each user is told it did not answer in time; then it recovers', async () => {
    proxy().mode = 'stall';
    const started = performance.now();
    const [slack, discord] = await Promise.all([
      runSlackLoad(stack, planCommands(12, 'stalled-slack')),
      runDiscordLoad(stack, planCommands(8, 'stalled-discord')),
    ]);
    const elapsed = performance.now() - started;
    const told = [
      ...slack.map((outcome) => ({ outcome, text: slackText(outcome) })),
      ...discord.map((outcome) => ({ outcome, text: discordText(outcome) })),
    ];
    for (const { outcome, text } of told) {
      if (outcome.message === undefined) expect(text).toContain('Chat server status');
      else {
        expect(verdictOf(text, outcome.message)).toBe('timed out');
        expect(text).toContain(`did not answer within ${TIMEOUT_MS} ms`);
      }
    }
    expectDiscordDeadlines('server stalled', discord);
    expectSlackAcks('server stalled', slack);
    // Eight commands at a time, each given up after the timeout: bounded, not stuck.
    expect(elapsed).toBeLessThan(10 * TIMEOUT_MS + 5_000);
    expect(proxy().served.stall).toBeGreaterThan(0);

    proxy().mode = 'pass';
    const recovered = await runSlackLoad(stack, planCommands(3, 'after-stall'));
    for (const outcome of recovered)
      if (outcome.message) expect(verdictOf(slackText(outcome), outcome.message)).toBe('sent');
  }, 30_000);

  it('replies cut in half: the user is told the reply could not be read and the command may have been applied (it was)', async () => {
    proxy().mode = 'half';
    const [slack, discord] = await Promise.all([
      runSlackLoad(stack, planCommands(6, 'half-slack')),
      runDiscordLoad(stack, planCommands(6, 'half-discord')),
    ]);
    proxy().mode = 'pass';
    const carriedOut = tally(stack.broadcastsCarriedOut());
    const told = [
      ...slack.map((outcome) => ({ outcome, text: slackText(outcome) })),
      ...discord.map((outcome) => ({ outcome, text: discordText(outcome) })),
    ];
    for (const { outcome, text } of told) {
      if (outcome.message === undefined) continue;
      expect(verdictOf(text, outcome.message)).toBe('unreadable reply');
      // Never sent twice: a broadcast is not retried on an unreadable reply.
      expect(carriedOut.get(outcome.message)).toBe(1);
    }
    expect(proxy().served.half).toBeGreaterThan(0);
    expectDiscordDeadlines('replies cut in half', discord);
    expectSlackAcks('replies cut in half', slack);
  });

  it('the data folder removed: status and who say so clearly; restored: they work again and alerts still follow it', async () => {
    const { emulator } = stack;
    const slack = stack.slack;
    if (!slack) throw new Error('no Slack');
    const posted = () => slack.api.callsTo('chat.postMessage').filter((call) => call.status === 200);
    for (const user of ['ann', 'ben', 'cy']) emulator.state.join('default', 1, user);
    await waitUntil('the busy alert', () => posted().length === 1, 10_000);
    expect(String(posted()[0]?.params.text)).toContain('3 users logged in (group default) (threshold 3)');

    const backup = join(stack.folder, 'backup');
    await cp(stack.statusFolder, backup, { recursive: true });
    await rm(stack.statusFolder, { recursive: true, force: true });
    const status = messageText(await slack.run('status', slackUser(0)));
    expect(status).toContain('No status files for group default');
    expect(status).toContain(`The status folder ${stack.statusFolder} does not exist`);
    expect(status).toContain('Check the data folder setting (FLASHCHAT_DATA_DIR or server.dataDir)');
    const who = messageText(await slack.run('who Lobby', slackUser(1)));
    expect(who).toContain('No status files for Lobby (1)');
    const discordStatus = first(await runDiscordLoad(stack, [{ index: 3 }]));
    expect(discordText(discordStatus)).toContain('No status files for group default');
    expectDiscordDeadlines('data folder removed', [discordStatus]);

    // The operator's log says what happened.
    await waitUntil('the watch to notice', () =>
      stack.logLines.some((line) => line.includes(`the status folder ${stack.statusFolder} does not exist`)),
    );
    await cp(backup, stack.statusFolder, { recursive: true });
    expect(messageText(await slack.run('status', slackUser(2)))).toMatch(/Logged in\*\n3\n/);
    expect(messageText(await slack.run('who Lobby', slackUser(3)))).toContain('ann');
    // The watch followed the folder back: the change that clears the alert is seen and posted.
    for (const user of ['ann', 'ben', 'cy']) emulator.state.disconnect('default', user);
    await waitUntil('the recovery', () => posted().length === 2, 10_000);
    expect(String(posted()[1]?.params.text)).toContain('back below');
    expect(messageText(await slack.run('status', slackUser(4)))).toMatch(/Logged in\*\n0\n/);
    // The Discord sink posted both too.
    const discordPosts = stack.discord?.standIn.requests.filter(
      (request) => request.method === 'POST' && request.path === '/channels/701/messages',
    );
    expect(discordPosts).toHaveLength(2);
  }, 30_000);

  it('Slack answering 429 and 500 to chat.postMessage: the alert is retried and posted once; commands are served meanwhile', async () => {
    const slack = stack.slack;
    if (!slack) throw new Error('no Slack');
    const posts = () => slack.api.callsTo('chat.postMessage');
    const before = posts().length;
    const failures = Array.from({ length: 5 }, () => ({ status: 500, body: { ok: false } }));
    slack.api.script(
      'chat.postMessage',
      { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } },
      ...failures,
    );
    for (const user of ['dee', 'eve', 'fay']) stack.emulator.state.join('default', 2, user);
    // While Slack refuses the alert, commands are answered.
    const during = await runSlackLoad(stack, planCommands(4, 'during-429'));
    expectSlackAcks('Slack answering 429', during);
    for (const outcome of during)
      if (outcome.message) expect(verdictOf(slackText(outcome), outcome.message)).toBe('sent');
    await waitUntil('the alert posted', () => posts().slice(before).at(-1)?.status === 200, 20_000);
    const attempts = posts().slice(before);
    expect(attempts.map((call) => call.status)).toEqual([429, 500, 500, 500, 500, 500, 200]);
    expect(String(attempts.at(-1)?.params.text)).toContain('3 users logged in (group default)');
    const log = stack.logLines.join('\n');
    expect(log).toContain(
      'alerts: failed to post to slack C0ALERTS1 (attempt 1: Slack: the alert could not be posted to C0ALERTS1: Slack answered HTTP 500.); retrying in',
    );
    expect(log).toContain('alerts: sent to slack C0ALERTS1: busy alert for group default');
    // Posted once: nothing more arrives once the engine has nothing left to deliver.
    await stack.runtime.alerts.settled();
    expect(
      posts()
        .slice(before)
        .filter((call) => call.status === 200),
    ).toHaveLength(1);
  }, 30_000);

  it('Slack answering 429 and 500 to the response_url: each answer is tried again and arrives, nothing crashes, the next command is answered', async () => {
    const slack = stack.slack;
    if (!slack) throw new Error('no Slack');
    const flaky = await startFlakyEndpoint([
      { status: 500 },
      { status: 429, headers: { 'retry-after': '1' } },
    ]);
    try {
      const logsBefore = slack.logs.length;
      for (const message of ['flaky-one', 'flaky-two']) {
        const ack = await postSigned(
          slack.url,
          slashCommandBody(`broadcast ${message}`, slackUser(5), `${flaky.url}/response/${message}`),
          FORM,
          { secret: SIGNING_SECRET },
        );
        expect(ack.status).toBe(200);
        ownAckTimesMs.push(ack.elapsedMs);
      }
      // Two failed posts, then each answer again, taken.
      await waitUntil('both answers delivered', () => flaky.received.length === 4);
      await waitUntil(
        'both deliveries logged',
        () => slack.logs.slice(logsBefore).filter((line) => line.includes('delivered at try 2')).length === 2,
      );
      const delivered = `Slack: the answer to /chat from ${slackUser(5).userId} was delivered at try 2.`;
      expect(slack.logs.slice(logsBefore)).toEqual([delivered, delivered]);
      expect(flaky.received.filter((body) => body.includes('flaky-one'))).toHaveLength(2);
      expect(flaky.received.filter((body) => body.includes('flaky-two'))).toHaveLength(2);
      alsoProduced.push(...producedFrom('flaky response_url body', flaky.received));
      // The commands ran once each: only their answers were sent again.
      const carriedOut = tally(stack.broadcastsCarriedOut());
      expect(carriedOut.get('flaky-one')).toBe(1);
      expect(carriedOut.get('flaky-two')).toBe(1);
      const next = await runSlackLoad(stack, planCommands(1, 'after-flaky'));
      expect(slackText(first(next))).toContain('Broadcast sent');
    } finally {
      await flaky.close();
    }
  });

  it("every Slack request of these runs acknowledged within Slack's 3 s", () => {
    expectAllSlackAcks('faults, all', stack, ownAckTimesMs);
  });

  it('no secret in any log line, audit line, reply or request produced', async () => {
    expect(await secretHits(stack)).toEqual([]);
  });
});

describe('the process', () => {
  it('never went down: no unhandled rejection, no uncaught exception, no exit', () => {
    expect(guard.unhandledRejections).toEqual([]);
    expect(guard.uncaughtExceptions).toEqual([]);
    expect(guard.exitCalls).toEqual([]);
  });
});

/** Every text the stack produced, and the tests' own stand-ins received, scanned for every secret. */
async function secretHits(stack: StressStack) {
  return scanForSecrets([...(await stack.produced()), ...alsoProduced], ALL_SECRETS);
}

interface FlakyAnswer {
  status: number;
  headers?: Record<string, string>;
}

/** A response_url host that answers each POST with the next scripted failure, then 200. */
async function startFlakyEndpoint(answers: FlakyAnswer[]) {
  const received: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      const answer = answers.shift() ?? { status: 200 };
      response.writeHead(answer.status, answer.headers).end(answer.status === 200 ? 'ok' : 'failed');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
