import { setTimeout as sleep } from 'node:timers/promises';
import { App, LogLevel } from '@slack/bolt';
import { SLACK_EVENTS_PATH } from '../../adapters/slack/slack-methods.ts';
import type { Stack } from '../../test/e2e/harness.ts';
import { FORM, postSigned, slashCommandBody } from '../../test/helpers/slack-requests.ts';
import { ADMIN, BOT_TOKEN, SIGNING_SECRET, startSlackTestApp } from '../../test/helpers/slack-test-app.ts';
import { type BenchOptions, type Figure, latency } from '../figure.ts';
import { alternated, summarise, until } from '../stats.ts';

/** What the moderator types; the core runs it against the emulator after the ack. */
const COMMAND_TEXT = 'broadcast hello';
const CONCURRENCY = 200;
/** A pause before each burst, so that neither app's burst starts while the other's is winding down. */
const SETTLE_MS = 30;

interface Target {
  url: string;
  /** A fresh response_url for the next command. */
  responseUrl(): string;
}

/**
 * Slack: a signed `/chat` slash command, as Slack sends it, to the HTTP answer (the ack), through
 * the real adapter (HTTP mode, its Web API on the stand-in) and through a bare Bolt App that only
 * acks, in the same process, with the same client (fetch) and the same kind of request. The
 * chat server (emulator) runs in a process of its own, as in production. After each of the
 * adapter's commands (or bursts) the bench waits, untimed, until every answer has reached its
 * response_url, so that no command's work spills into the next measurement.
 *
 * The client shares the event loop with both apps: in a burst, it reads no ack until the app has
 * handled the requests already received, so a burst's latencies measure the app's whole work
 * before the client gets a turn; any work the adapter does right after its ack counts.
 */
export async function slackAck(stack: Pick<Stack, 'runtime'>, options: BenchOptions): Promise<Figure[]> {
  const adapter = await startSlackTestApp(stack.runtime.core);
  const bare = new App({
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    endpoints: SLACK_EVENTS_PATH,
    logLevel: LogLevel.WARN,
    clientOptions: { slackApiUrl: adapter.api.apiUrl },
    deferInitialization: true,
  });
  bare.command('/chat', async ({ ack }) => {
    await ack();
  });
  try {
    await bare.init();
    const server = await bare.start({ port: 0, host: '127.0.0.1' });
    const address = server.address();
    if (address === null || typeof address === 'string')
      throw new Error('bench: the bare Bolt app has no port');

    const ours: Target = { url: adapter.url, responseUrl: () => adapter.api.responseUrl() };
    const reference: Target = {
      url: `http://127.0.0.1:${address.port}${SLACK_EVENTS_PATH}`,
      responseUrl: () => adapter.api.responseUrl(),
    };
    // Every answer the adapter sends reaches the stand-in's response_urls.
    const answered = () => adapter.api.responses.length;
    const ack = async (target: Target): Promise<number> => {
      const answer = await postSigned(
        target.url,
        slashCommandBody(COMMAND_TEXT, ADMIN, target.responseUrl()),
        FORM,
        { secret: SIGNING_SECRET },
      );
      if (answer.status !== 200) throw new Error(`bench: the Slack app answered ${answer.status}`);
      return answer.elapsedMs;
    };
    const oursAndItsAnswer = async (count: number, send: () => Promise<number[]>): Promise<number[]> => {
      const before = answered();
      const samples = await send();
      await until(() => answered() >= before + count, 'the adapter to answer through the response_url');
      return samples;
    };

    // Warm-up: both apps, every code path, before anything is measured.
    for (let index = 0; index < 100; index += 1) {
      await oursAndItsAnswer(1, async () => [await ack(ours)]);
      await ack(reference);
    }

    const iterations = options.quick ? 500 : 5000;
    const sequential = await alternated(
      iterations,
      async () => (await oursAndItsAnswer(1, async () => [await ack(ours)]))[0] ?? Number.NaN,
      () => ack(reference),
    );

    const burst = (target: Target) => Promise.all(Array.from({ length: CONCURRENCY }, () => ack(target)));
    const rounds = options.quick ? 2 : 20;
    const concurrent = { measured: [] as number[], reference: [] as number[] };
    // Bursts compile other paths than single requests do (and open the connections): warm them too.
    for (let index = 0; index < (options.quick ? 2 : 4); index += 1) {
      await oursAndItsAnswer(CONCURRENCY, () => burst(ours));
      await burst(reference);
    }
    for (let round = 0; round < rounds; round += 1) {
      const measure = async () => {
        await sleep(SETTLE_MS);
        concurrent.measured.push(...(await oursAndItsAnswer(CONCURRENCY, () => burst(ours))));
      };
      const refer = async () => {
        await sleep(SETTLE_MS);
        concurrent.reference.push(...(await burst(reference)));
      };
      if (round % 2 === 0) {
        await measure();
        await refer();
      } else {
        await refer();
        await measure();
      }
    }
    const failures = adapter.logs.filter((line) => !line.startsWith('Slack: listening'));
    if (failures.length > 0)
      throw new Error(`bench: the Slack adapter logged: ${failures.slice(0, 3).join(' | ')}`);

    const seqOurs = summarise(sequential.measured);
    const seqBare = summarise(sequential.reference);
    const seqRatio = seqOurs.p99 / seqBare.p99;
    const conOurs = summarise(concurrent.measured);
    const conBare = summarise(concurrent.reference);
    const conRatio = conOurs.p99 / conBare.p99;
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
      {
        name: `Slack: slash command to ack, ${CONCURRENCY} concurrent`,
        measured: `${latency(conOurs)}; p99 ratio ${conRatio.toFixed(2)}`,
        reference: `bare Bolt app ${latency(conBare)}`,
        value: conRatio,
        target: 'p99 ratio <= 1.2',
        met: conRatio <= 1.2,
        details: {
          rounds,
          concurrency: CONCURRENCY,
          command: COMMAND_TEXT,
          ours: conOurs,
          bare: conBare,
          p99Ratio: conRatio,
        },
      },
    ];
  } finally {
    await bare.stop().catch(() => undefined);
    await adapter.close();
  }
}
