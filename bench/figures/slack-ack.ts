import { setTimeout as sleep } from 'node:timers/promises';
import { App, LogLevel } from '@slack/bolt';
import { createSlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import { SLACK_EVENTS_PATH } from '../../adapters/slack/slack-methods.ts';
import type { Stack } from '../../test/e2e/harness.ts';
import { FORM, slashCommandBody } from '../../test/helpers/slack-requests.ts';
import { ADMIN, BOT_TOKEN, SIGNING_SECRET } from '../../test/helpers/slack-test-app.ts';
import { type BenchOptions, burstFigure, type Figure, latency } from '../figure.ts';
import { startSlackSide } from '../slack-side.ts';
import { alternated, burstsInTurn, summarise } from '../stats.ts';

/** What the moderator types; the core runs it against the emulator after the ack. */
const COMMAND_TEXT = 'broadcast hello';
const CONCURRENCY = 200;
/** A pause before each burst, so that neither app's burst starts while the other's is winding down. */
const SETTLE_MS = 30;
/** After the adapter's answers have reached Slack: the time its work around them takes to end. */
const TAIL_MS = 2;

/**
 * Slack: a signed `/chat` slash command, as Slack sends it, to the HTTP answer (the ack), through
 * the real adapter (HTTP mode) and through a bare Bolt App that only acks, both in this process,
 * sent alike. Slack's side (the client, the Web API and the response_urls) runs in a process of
 * its own, as Slack does: an ack is timed when it reaches Slack, and the answers Slack reads are
 * not this process's work. The chat server (emulator) too is a process of its own, as in
 * production. After each of the adapter's commands (or bursts) the bench waits, untimed, until
 * every answer has reached its response_url, so that no command's work spills into the next
 * measurement. In a burst the adapter's work after each ack still competes with the acks still
 * to come, as it would in production.
 */
export async function slackAck(stack: Pick<Stack, 'runtime'>, options: BenchOptions): Promise<Figure[]> {
  const slack = await startSlackSide();
  const logs: string[] = [];
  const adapter = createSlackAdapter({
    core: stack.runtime.core,
    credentials: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, port: 0, apiUrl: slack.apiUrl },
    log: (message) => logs.push(message),
    host: '127.0.0.1',
  });
  const bare = new App({
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    endpoints: SLACK_EVENTS_PATH,
    logLevel: LogLevel.WARN,
    clientOptions: { slackApiUrl: slack.apiUrl },
    deferInitialization: true,
  });
  bare.command('/chat', async ({ ack }) => {
    await ack();
  });
  try {
    await adapter.start();
    // What the adapter says at start (where it listens, which workspace it serves) is not a failure.
    const startLines = logs.length;
    await bare.init();
    const server = await bare.start({ port: 0, host: '127.0.0.1' });
    const address = server.address();
    if (address === null || typeof address === 'string')
      throw new Error('bench: the bare Bolt app has no port');

    const ours = `http://127.0.0.1:${adapter.listeningPort}${SLACK_EVENTS_PATH}`;
    const reference = `http://127.0.0.1:${address.port}${SLACK_EVENTS_PATH}`;
    const send = (url: string, count: number) =>
      slack.post(
        url,
        SIGNING_SECRET,
        FORM,
        Array.from({ length: count }, () => slashCommandBody(COMMAND_TEXT, ADMIN, slack.responseUrl())),
      );
    // Every answer the adapter sends reaches a response_url on Slack's side.
    let answersExpected = 0;
    const oursAndItsAnswers = async (count: number): Promise<number[]> => {
      const samples = await send(ours, count);
      answersExpected += count;
      await slack.responses(answersExpected);
      // The last answer's own tail (its HTTP exchange, the audit line) ends here too, not in the next sample.
      await sleep(TAIL_MS);
      return samples;
    };
    const ack = async (url: string) => (await send(url, 1))[0] ?? Number.NaN;

    // Warm-up: both apps, every code path, to their steady state (a bot runs for days), before
    // anything is measured; each figure group starts in a fresh process.
    for (let index = 0; index < (options.quick ? 100 : 1000); index += 1) {
      await oursAndItsAnswers(1);
      await ack(reference);
    }

    const iterations = options.quick ? 500 : 5000;
    const sequential = await alternated(
      iterations,
      async () => (await oursAndItsAnswers(1))[0] ?? Number.NaN,
      () => ack(reference),
    );

    const rounds = options.quick ? 1 : 10;
    // Bursts compile other paths than single requests do (and open the connections): warm them too.
    for (let index = 0; index < (options.quick ? 2 : 4); index += 1) {
      await oursAndItsAnswers(CONCURRENCY);
      await send(reference, CONCURRENCY);
    }
    const concurrent = await burstsInTurn(
      rounds,
      SETTLE_MS,
      () => oursAndItsAnswers(CONCURRENCY),
      () => send(reference, CONCURRENCY),
    );
    const failures = logs.slice(startLines);
    if (failures.length > 0)
      throw new Error(`bench: the Slack adapter logged: ${failures.slice(0, 3).join(' | ')}`);

    const seqOurs = summarise(sequential.measured);
    const seqBare = summarise(sequential.reference);
    const seqRatio = seqOurs.p99 / seqBare.p99;
    return [
      {
        name: 'Slack: slash command to ack, sequential',
        measured: `${latency(seqOurs)}; p99 ratio ${seqRatio.toFixed(2)}`,
        reference: `bare Bolt app ${latency(seqBare)}`,
        value: seqRatio,
        target: 'p99 ratio <= 1.2, p99 < 5 ms',
        met: seqRatio <= 1.2 && seqOurs.p99 < 5,
        details: { iterations, command: COMMAND_TEXT, ours: seqOurs, bare: seqBare, p99Ratio: seqRatio },
      },
      burstFigure({
        name: `Slack: slash command to ack, ${CONCURRENCY} concurrent`,
        referenceName: 'bare Bolt app',
        ...concurrent,
        details: { rounds, concurrency: CONCURRENCY, command: COMMAND_TEXT },
      }),
    ];
  } finally {
    await bare.stop().catch(() => undefined);
    await adapter.stop();
    await slack.close();
  }
}
