import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageText, SIGNING_SECRET } from '../helpers/slack-test-app.ts';
import { scanForSecrets } from '../security/secret-scan.ts';
import type { BurstResult } from './burst-client.ts';
import { LOAD_CONFIG, slackAcks, tally } from './load-runs.ts';
import { guardProcess } from './process-guard.ts';
import { ALL_SECRETS, type StressStack, startStressStack, waitUntil } from './stack.ts';

/**
 * Slack gives an app 3 s to acknowledge a slash command, then shows the user operation_timeout.
 * Here the bot takes bursts of 1,000 commands at once from a client in another process (so only
 * the bot's own event loop is measured): every one must be acknowledged within 3 s, then
 * answered and run once. Timing-sensitive, so it runs under vitest.stress.config.ts, alone.
 */

const ROOT = new URL('../..', import.meta.url).pathname;
const TSX = new URL('node_modules/tsx/dist/loader.mjs', `file://${ROOT}`).href;
const BURST = 1_000;
const ROUNDS = 3;

const guard = guardProcess();
/** Every burst's acknowledgement times, for the total over the rounds. */
const allAckTimesMs: number[] = [];
let stack: StressStack;
beforeAll(async () => {
  stack = await startStressStack({ config: LOAD_CONFIG });
  await stack.startSlack();
});
afterAll(async () => stack?.close());

async function burst(tag: string): Promise<BurstResult[]> {
  const slack = stack.slack;
  if (!slack) throw new Error('no Slack');
  const responseBase = new URL(slack.api.responseUrl()).origin;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      TSX,
      `${ROOT}test/stress/burst-client.ts`,
      slack.url,
      SIGNING_SECRET,
      responseBase,
      String(BURST),
      tag,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as BurstResult[];
}

describe(`bursts of ${BURST.toLocaleString('en-US')} slash commands from another process`, () => {
  for (let round = 1; round <= ROUNDS; round += 1)
    it(`round ${round}: each acknowledged within Slack's 3 s, answered once, run once`, async () => {
      const slack = stack.slack;
      if (!slack) throw new Error('no Slack');
      const results = await burst(`round${round}`);
      expect(results).toHaveLength(BURST);
      expect(results.filter((result) => result.status !== 200)).toEqual([]);
      const ackTimesMs = results.map((result) => result.ackMs);
      allAckTimesMs.push(...ackTimesMs);
      expect(slackAcks(`burst, round ${round}`, ackTimesMs)).toMatchObject({ acks: BURST, late: 0 });

      const paths = new Set(results.map((result) => new URL(result.responseUrl).pathname));
      const answersAt = () => slack.api.responses.filter((response) => paths.has(response.path));
      await waitUntil('every answer', () => answersAt().length >= BURST, 60_000);
      const perPath = tally(answersAt().map((response) => response.path));
      expect([...perPath.values()].filter((count) => count !== 1)).toEqual([]);
      const byPath = new Map(answersAt().map((response) => [response.path, messageText(response.body)]));
      const carriedOut = tally(stack.broadcastsCarriedOut());
      for (const result of results) {
        const answer = byPath.get(new URL(result.responseUrl).pathname) ?? '';
        if (result.text === 'status') expect(answer).toContain('Chat server status (group default)');
        else {
          const message = result.text.slice('broadcast '.length);
          expect(answer).toContain(message);
          expect(carriedOut.get(message)).toBe(1);
        }
      }
    }, 90_000);

  it("over all the rounds, every acknowledgement within Slack's 3 s", () => {
    expect(slackAcks('all bursts', allAckTimesMs)).toMatchObject({ acks: BURST * ROUNDS, late: 0 });
  });

  it('every attempt audited once; the process never went down; no secret anywhere', async () => {
    const audit = await stack.auditEntries();
    expect(audit).toHaveLength(BURST * ROUNDS);
    expect(audit.filter((entry) => entry.outcome !== 'ok')).toEqual([]);
    expect(guard.unhandledRejections).toEqual([]);
    expect(guard.uncaughtExceptions).toEqual([]);
    expect(guard.exitCalls).toEqual([]);
    expect(scanForSecrets(await stack.produced(), ALL_SECRETS)).toEqual([]);
  });
});
