import { Client, Events, GatewayIntentBits } from 'discord.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/index.ts';
import type { Stack } from '../../test/e2e/harness.ts';
import { BOT_TOKEN, GUILD_ID, GUILDS, MEMBERS } from '../../test/helpers/discord-stack.ts';
import {
  type ChatInputSpec,
  type DiscordStandIn,
  type RecordedRequest,
  startDiscordStandIn,
} from '../../test/helpers/discord-stand-in.ts';
import { type BenchOptions, type Figure, latency } from '../figure.ts';
import { summarise, until } from '../stats.ts';

const CONCURRENCY = 200;
/** A moderator's broadcast: deferred in public, run by the core, the answer edited in. */
const INTERACTION: ChatInputSpec = { by: MEMBERS.admin, path: ['broadcast'], options: { message: 'hello' } };

/** When each REST request reached a stand-in, by interaction token. */
interface Arrivals {
  callbacks: Map<string, number>;
  /** Requests after the callback (the answer edited in, a follow-up): the interaction's work is done. */
  answers: Map<string, number>;
}

/**
 * Records, as each request reaches the stand-in's REST API, when it came. The stand-in appends
 * every request it has read to `requests`; that append is the moment of arrival.
 */
function watchArrivals(standIn: DiscordStandIn): Arrivals {
  const arrivals: Arrivals = { callbacks: new Map(), answers: new Map() };
  const requests = standIn.requests;
  const append = requests.push.bind(requests);
  requests.push = (...added: RecordedRequest[]) => {
    const at = performance.now();
    for (const request of added) {
      const callback = /^\/interactions\/[^/]+\/([^/]+)\/callback$/.exec(request.path);
      if (callback?.[1] !== undefined) arrivals.callbacks.set(callback[1], at);
      const webhook = /^\/webhooks\/[^/]+\/([^/]+)/.exec(request.path);
      if (webhook?.[1] !== undefined) arrivals.answers.set(webhook[1], at);
    }
    // Only arrival times are needed: the requests themselves are not kept (the run makes thousands).
    return append();
  };
  return arrivals;
}

interface Side {
  standIn: DiscordStandIn;
  arrivals: Arrivals;
  /** Whether each interaction also gets an answer after its deferral (ours), to wait for. */
  answers: boolean;
}

/**
 * Discord: INTERACTION_CREATE, as the gateway stand-in dispatches it, to the first interaction
 * callback (the deferral) received by the REST stand-in: the real adapter (discord.js Client,
 * the core behind it) against a bare discord.js Client that only defers, each with its own
 * stand-in, in the same process, 200 interactions at once; the chat server (emulator) runs in a
 * process of its own, as in production. Between bursts the bench waits
 * (untimed) until the adapter has edited every answer in: discord.js sends those at most 50 a
 * second (its global REST limit), so a burst takes about 4 s to finish.
 */
export async function discordInteraction(
  stack: Pick<Stack, 'runtime'>,
  options: BenchOptions,
): Promise<Figure> {
  const oursStandIn = await startDiscordStandIn({ token: BOT_TOKEN, guilds: GUILDS });
  const bareStandIn = await startDiscordStandIn({ token: BOT_TOKEN, guilds: GUILDS });
  const logs: string[] = [];
  let adapter: DiscordAdapter | undefined;
  const bare = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: { api: bareStandIn.apiUrl },
  });
  bare.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) interaction.deferReply().catch(() => undefined);
  });
  try {
    adapter = createDiscordAdapter({
      core: stack.runtime.core,
      rooms: stack.runtime.rooms,
      credentials: {
        token: BOT_TOKEN,
        applicationId: oursStandIn.applicationId,
        guildId: GUILD_ID,
        apiUrl: oursStandIn.apiUrl,
      },
      log: (line) => logs.push(line),
    });
    await adapter.start();
    const ready = new Promise<void>((resolve) => bare.once(Events.ClientReady, () => resolve()));
    await bare.login(BOT_TOKEN);
    await ready;

    const ours: Side = { standIn: oursStandIn, arrivals: watchArrivals(oursStandIn), answers: true };
    const reference: Side = { standIn: bareStandIn, arrivals: watchArrivals(bareStandIn), answers: false };
    /** From the dispatch to the answer edited in (ours): what the acknowledgement-first order costs. */
    const answered: number[] = [];
    const burst = async (side: Side, size: number): Promise<number[]> => {
      const sent: Array<{ token: string; at: number }> = [];
      for (let index = 0; index < size; index += 1) {
        const at = performance.now();
        sent.push({ token: side.standIn.chatInput(INTERACTION).token, at });
      }
      const { callbacks, answers } = side.arrivals;
      await until(() => sent.every(({ token }) => callbacks.has(token)), 'the deferrals');
      if (side.answers)
        await until(() => sent.every(({ token }) => answers.has(token)), 'the answers', 60_000, 20);
      const samples = sent.map(({ token, at }) => (callbacks.get(token) ?? Number.NaN) - at);
      if (side.answers)
        answered.push(...sent.map(({ token, at }) => (answers.get(token) ?? Number.NaN) - at));
      for (const { token } of sent) {
        callbacks.delete(token);
        answers.delete(token);
      }
      return samples;
    };

    // Warm-up: small bursts first (discord.js and the core compile their paths), then a full one.
    for (let index = 0; index < (options.quick ? 5 : 20); index += 1) {
      await burst(ours, 10);
      await burst(reference, 10);
    }
    // A full burst each, even when quick: the first one opens 200 connections to the stand-in.
    await burst(ours, CONCURRENCY);
    await burst(reference, CONCURRENCY);

    const rounds = options.quick ? 1 : 8;
    const samples = { measured: [] as number[], reference: [] as number[] };
    answered.length = 0;
    for (let round = 0; round < rounds; round += 1) {
      const measure = async () => samples.measured.push(...(await burst(ours, CONCURRENCY)));
      const refer = async () => samples.reference.push(...(await burst(reference, CONCURRENCY)));
      if (round % 2 === 0) {
        await measure();
        await refer();
      } else {
        await refer();
        await measure();
      }
    }
    if (logs.some((line) => line.includes('failed')))
      throw new Error(
        `bench: the Discord adapter logged: ${logs.filter((line) => line.includes('failed'))[0]}`,
      );

    const oursSummary = summarise(samples.measured);
    const bareSummary = summarise(samples.reference);
    const ratio = oursSummary.p99 / bareSummary.p99;
    return {
      name: `Discord: INTERACTION_CREATE to first callback, ${CONCURRENCY} concurrent`,
      measured: `${latency(oursSummary)}; p99 ratio ${ratio.toFixed(2)}`,
      reference: `bare discord.js client ${latency(bareSummary)}`,
      value: ratio,
      target: 'p99 ratio <= 1.2',
      met: ratio <= 1.2,
      details: {
        rounds,
        concurrency: CONCURRENCY,
        ours: oursSummary,
        bare: bareSummary,
        p99Ratio: ratio,
        // discord.js sends at most 50 requests a second (its global limit): the answers of a burst
        // of 200 take about 4 s to go out whatever the adapter does.
        oursAnswerEditedIn: summarise(answered),
      },
    };
  } finally {
    await adapter?.stop();
    await bare.destroy();
    await oursStandIn.close();
    await bareStandIn.close();
  }
}
